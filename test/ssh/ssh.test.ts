import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TmuxTerminal } from "../telnet/tmux-terminal.ts";
import { TestBrowser } from "../web/helpers.ts";
import { clientKey, ssh, sshClient, sshKeygen, sshPortOf } from "./ssh-client.ts";

const servers = useServerProcesses();

describe.skipIf(!ssh || !sshKeygen)("SSH access (the real OpenSSH client)", () => {
  test.skipIf(!Bun.which("tmux"))("in a real terminal, the line editor fits the window and follows its resizes", async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const port = await sshPortOf(server);
    const key = clientKey(dir);
    const options = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o IdentitiesOnly=yes";
    const terminal = TmuxTerminal.start(`${ssh} -p ${port} -i ${key} ${options} alice@127.0.0.1`, 40, 20);
    try {
      await terminal.waitFor("alice's prompt", (t) => t.promptRow() === "[alice #lobby]");
      const tom = await TestClient.joinAs(server.telnetPort, "tom");
      // Longer than the window: the row scrolls sideways and never wraps.
      const line = "the quick brown fox jumps over the lazy dog, twice over";
      terminal.type(line);
      await terminal.waitFor("the end of the line in a 40-column row", (t) => t.promptRow().endsWith("twice over"));
      expect(terminal.promptRow().length).toBeLessThanOrEqual(40);
      expect(terminal.screen()).not.toContain("the quick");
      // A wider window: the row is drawn again to fit, the whole line now in view.
      terminal.resize(100, 20);
      await terminal.waitFor("the whole line after the resize", (t) => t.promptRow() === `[alice #lobby] ${line}`);
      terminal.press("Enter");
      await tom.waitFor(new RegExp(`<alice> ${line}`));
      // Up brings the line back, as on telnet.
      terminal.press("Up");
      await terminal.waitFor("the line recalled", (t) => t.promptRow() === `[alice #lobby] ${line}`);
      tom.close();
    } finally {
      terminal.kill();
    }
  });

  test("the user name is the nickname: an SSH member talks with a telnet one, and is marked ssh", async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const port = await sshPortOf(server);
    const alice = sshClient(port, "alice", clientKey(dir));
    await alice.waitFor(/You are alice\./, "alice to be in");
    const tom = await TestClient.joinAs(server.telnetPort, "tom");

    alice.type("hello from ssh\r");
    await tom.waitFor(/<alice> hello from ssh/);
    tom.line("hello back");
    await alice.waitFor(/<\S*tom\S*> hello back/, "alice to see tom's line");
    // The line editor draws her prompt under what arrives.
    await alice.waitFor(/\[alice #lobby\] /, "alice's prompt");
    tom.line("/who");
    await tom.waitFor(/alice \(ssh\)/);
    // A private message answered with /reply, across the two transports.
    tom.line("/msg alice just between us");
    await alice.waitFor(/private from\S* \S*tom\S*: just between us/, "tom's private message");
    alice.type("/r understood\r");
    await tom.waitFor(/private from alice: understood/);
    // /away and /whois, seen from the other transport.
    alice.type("/away making tea\r");
    await alice.waitFor(/You are marked away: making tea/, "alice marked away");
    tom.line("/msg alice tea for two?");
    await tom.waitFor(/alice is away: making tea/);
    tom.line("/whois alice");
    await tom.waitFor(/alice: on ssh, in #lobby, idle \d+s, away: making tea, registered \(SSH key\)/);
    // A topic set over SSH: the terminal is told, and the page shows it in its header.
    alice.type("/topic Tea at four\r");
    await tom.waitFor(/\*\*\* alice set the topic: Tea at four/);
    // And in the page's member list.
    const wendy = new TestBrowser(new URL(server.httpUrl).origin);
    expect((await wendy.join("wendy")).status).toBe(303);
    const page = await (await wendy.get("/")).text();
    expect(page).toMatch(/<li class="member member-ssh"[^>]*>.*alice.*<span class="transport transport-ssh" title="over SSH">ssh<\/span>/s);
    expect(page).toMatch(/id="topic"[^>]*>\s*Tea at four\s*</);

    // /ignore on telnet hides what the SSH member says; the page's lines still come through.
    tom.line("/ignore alice");
    await tom.waitFor(/You no longer see what alice says/);
    alice.type("you cannot hear this\r");
    await alice.waitFor(/<\S*alice\S*> you cannot hear this/, "alice's own line");
    expect((await wendy.say("after alice")).status).toBe(204);
    await tom.waitFor(/<wendy> after alice/);
    expect(tom.text).not.toContain("you cannot hear this");

    // /quit says goodbye, the room hears it, and the server ends the session: the client exits.
    alice.type("/quit\r");
    await alice.waitFor(/Goodbye!/, "alice's goodbye");
    // It ends by itself (the test times out otherwise): the server closed the session.
    await alice.closed;
    await tom.waitFor(/alice left #lobby/);
    tom.close();
  });

  test("a nickname already in use gets one clear line and the connection closes", async () => {
    const dir = servers.tempDir();
    const server = await servers.start(["--ssh-port", "0", "--ssh-host-key", join(dir, "host_key"), "--db", ":memory:"]);
    const port = await sshPortOf(server);
    const tom = await TestClient.joinAs(server.telnetPort, "tom");
    const intruder = sshClient(port, "tom", clientKey(dir));
    await intruder.waitFor(/The nickname tom is taken/, "the refusal");
    // And the server closes the connection: the client exits by itself.
    await intruder.closed;
    expect(intruder.output()).not.toContain("You are tom");
    tom.line("/who");
    await tom.waitFor(/1 in #lobby: tom \(telnet\)/);
    tom.close();
  });

  test("without --ssh-host-key a key is made once beside the history file: the fingerprint outlives a restart", async () => {
    const dir = servers.tempDir();
    const db = join(dir, "switchboard.sqlite");
    const knownHosts = join(dir, "known_hosts");
    const key = clientKey(dir);
    const first = await servers.start(["--ssh-port", "0", "--db", db]);
    const hostKey = readFileSync(join(dir, "ssh_host_ed25519_key"), "utf8");
    const before = sshClient(await sshPortOf(first), "alice", key, knownHosts);
    await before.waitFor(/You are alice\./, "alice to be in");
    before.type("/quit\r");
    await before.closed;
    first.type("stop");
    await first.exited;

    // Strict checking against what the first connection learned: a new key would be refused.
    const second = await servers.start(["--ssh-port", "0", "--db", db]);
    expect(readFileSync(join(dir, "ssh_host_ed25519_key"), "utf8")).toBe(hostKey);
    const port = await sshPortOf(second);
    const learned = readFileSync(knownHosts, "utf8").replace(/^\[127\.0\.0\.1\]:\d+/gm, `[127.0.0.1]:${port}`);
    await Bun.write(knownHosts, learned);
    const after = sshClient(port, "alice", key, knownHosts);
    await after.waitFor(/You are alice\./, "alice to be in again");
    after.type("/quit\r");
    await after.closed;
  });
});
