import { describe, expect, test } from "bun:test";
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { clientKey, ssh, sshClient, sshKeygen, sshPortOf } from "./ssh-client.ts";

const servers = useServerProcesses();

/**
 * Connects over SSH as `user`; once in, types each line and waits for its answer, then
 * `/quit`. Returns all it printed. Without `batch`, OpenSSH goes on to keyboard-interactive
 * when its key is refused.
 */
async function visit(port: number, user: string, key: string, steps: [string, RegExp][] = [], batch = true): Promise<string> {
  const client = sshClient(port, user, key, "/dev/null", batch);
  await Promise.race([client.waitFor(/You are \S+\.|pick another nickname/i, `${user}'s answer`), client.closed]);
  if (/You are \S+\./.test(client.output())) {
    for (const [line, answer] of steps) {
      // Ctrl-C first: a refused line is put back in the editor, to be fixed rather than retyped.
      client.type(`\x03${line}\r`);
      await client.waitFor(answer, `the answer to ${line}`);
    }
    client.type("\x03/quit\r");
  }
  await client.closed;
  return client.output();
}

describe.skipIf(!ssh || !sshKeygen)("nicknames owned by SSH keys and passwords (the real OpenSSH client)", () => {
  test("the first key owns a free nickname: it gets alice back after a restart; another key, telnet and the web cannot take her", async () => {
    const dir = servers.tempDir();
    const db = join(dir, "chat.sqlite");
    const args = ["--ssh-port", "0", "--db", db];
    const keyA = clientKey(dir, "a");
    const keyB = clientKey(dir, "b");
    let server = await servers.start(args);
    let port = await sshPortOf(server);

    expect(await visit(port, "alice", keyA)).toMatch(/The nickname alice is now yours: only your key \(SHA256:[\w+/]+\)/);
    // Key B is refused, so OpenSSH goes on to keyboard-interactive: in, and told why not.
    const other = await visit(port, "alice", keyB, [], false);
    expect(other).toContain("The nickname alice belongs to an SSH key");
    expect(other).not.toContain("You are alice");
    const telnet = await TestClient.connect(server.telnetPort);
    await telnet.waitFor(/nickname/i);
    telnet.line("alice");
    await telnet.waitFor(/The nickname alice belongs to an SSH key/);
    // A look-alike is the same name, and the answer says whose.
    telnet.line("a1ice");
    await telnet.waitFor(/The nickname alice belongs to an SSH key/);
    telnet.line("tom");
    await telnet.waitFor(/You are tom\./);
    telnet.close();
    const web = await fetch(`${server.httpUrl}join`, {
      method: "POST",
      body: new URLSearchParams({ nick: "alice" }),
      headers: { Origin: server.httpUrl.slice(0, -1) },
      redirect: "manual",
    });
    expect(web.status).toBe(403);
    const refusal = await web.text();
    expect(refusal).toContain("belongs to an SSH key");
    // No password can prove it: the form's password field stays folded.
    expect(refusal).toMatch(/<details class="password"(?![^>]*\bopen\b)[^>]*>/);

    server.type("stop");
    await server.exited;
    server = await servers.start(args);
    port = await sshPortOf(server);
    const back = await visit(port, "alice", keyA, [["/whois alice", /alice \(you\): on ssh, in #lobby, idle \d+s, registered \(SSH key\)/]]);
    expect(back).toContain("You are alice.");
    expect(back).not.toContain("is now yours");
  });

  test("/keys adds and removes keys; /register adds a password that telnet proves with /identify at the prompt", async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--db", join(dir, "chat.sqlite")]);
    const port = await sshPortOf(server);
    const keyA = clientKey(dir, "a");
    const keyB = clientKey(dir, "b");
    const publicB = readFileSync(`${keyB}.pub`, "utf8").trim();

    await visit(port, "alice", keyA, [
      [`/keys add ${publicB}`, /Added; 2 keys prove alice\./],
      ["/keys add ssh-ed25519 AAAAnotakey", /That SSH public key is damaged/],
      ["/register short", /A password needs at least 8 characters\./],
      ["/register correct-horse", /alice is registered to you: it now needs its password or your key\./],
    ]);
    expect(await visit(port, "alice", keyB)).toContain("You are alice.");

    // Telnet: refused with how to prove it, then a wrong and a right password at the prompt.
    const telnet = await TestClient.connect(server.telnetPort);
    await telnet.waitFor(/nickname/i);
    telnet.line("alice");
    await telnet.waitFor(/The nickname alice is registered\. If it is yours, type its password \(or \/identify PASSWORD\)/);
    const before = Date.now();
    telnet.line("/identify wrong-password");
    await telnet.waitFor(/Wrong password for alice\./);
    // A wrong password is slowed down.
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);
    telnet.line("/identify correct-horse");
    await telnet.waitFor(/You are alice\./);
    telnet.line("/keys");
    await telnet.waitFor(/Keys of alice:\r\n-!- {3}SHA256:\S+\r\n-!- {3}SHA256:\S+/);
    const fingerprintB = Bun.spawnSync([sshKeygen!, "-l", "-f", `${keyB}.pub`]).stdout.toString().split(" ")[1]!;
    telnet.line(`/keys remove ${fingerprintB}`);
    await telnet.waitFor(/Removed; 1 key proves alice\./);
    telnet.line("/quit");
    await telnet.waitForClose();
    // Key B no longer proves alice, and batch mode never types a password: the door stays shut.
    const refused = sshClient(port, "alice", keyB);
    expect(await refused.closed).toBe(255);
    expect(refused.output()).not.toContain("You are alice");
    // The password is never written to the log.
    expect(server.output()).not.toContain("correct-horse");
  });

  test("over SSH, a registered nickname's password is asked for when no key owns it (keyboard-interactive)", async () => {
    const server = await servers.start(["--ssh-port", "0", "--db", ":memory:"]);
    const port = await sshPortOf(server);
    const bob = await TestClient.joinAs(server.telnetPort, "bob");
    bob.line("/register swordfish-42");
    await bob.waitFor(/bob is registered to you/);
    bob.line("/quit");
    await bob.waitForClose();

    // OpenSSH asks for the password through SSH_ASKPASS: a script that notes the prompt and answers it.
    const dir = servers.tempDir();
    const key = clientKey(dir);
    const answer = async (password: string) => {
      const prompts = join(dir, "prompts");
      const askpass = join(dir, "askpass");
      await Bun.write(askpass, `#!/bin/sh\nprintf '%s\\n' "$1" > ${prompts}\nprintf '%s\\n' '${password}'\n`);
      chmodSync(askpass, 0o700);
      // With a key of its own: not bob's, so refused, and the client goes on to the password.
      const client = sshClient(port, "bob", key, "/dev/null", false, {
        env: { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: "force" },
      });
      await client.waitFor(/You are bob\.|Wrong password for bob\./, "bob's answer");
      client.type("\x03/quit\r");
      await client.closed;
      return { prompt: readFileSync(prompts, "utf8").trim(), out: client.output() };
    };
    const wrong = await answer("not-the-one");
    expect(wrong.prompt).toBe("(bob@127.0.0.1) Password for bob:");
    expect(wrong.out).toContain("Wrong password for bob.");
    const right = await answer("swordfish-42");
    expect(right.out).toContain("You are bob.");
  });
});
