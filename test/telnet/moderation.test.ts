import http from "node:http";
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "./test-client.ts";

const servers = useServerProcesses();

/** A telnet client that tries `nick` and waits for whatever the server answers. */
async function tryNick(port: number, nick: string, answer: RegExp): Promise<TestClient> {
  const client = await TestClient.connect(port);
  await client.waitFor(/nickname/i);
  client.line(nick);
  await client.waitFor(answer);
  return client;
}

describe("moderation from a client and from the console (real processes, real sockets)", () => {
  test("an operator mutes, kicks and bans a flooder; the ban (and the topic) holds after a restart until the console lifts it", async () => {
    const dir = servers.tempDir();
    const args = ["--db", join(dir, "chat.sqlite")];
    let server = await servers.start(args);
    const alice = await TestClient.joinAs(server.telnetPort, "alice");
    const bob = await TestClient.joinAs(server.telnetPort, "bob");
    const troll = await TestClient.joinAs(server.telnetPort, "troll");

    // Operators are accounts: a nickname nobody owns cannot be one.
    server.type("op alice");
    await server.waitForOutput(/alice is not registered: only a registered or key-owned nickname can be an operator/);
    alice.line("/register alice-is-op");
    await alice.waitFor(/alice is registered to you/);
    troll.line("/kick bob");
    await troll.waitFor(/\/kick is for operators/);
    server.type("op alice");
    await alice.waitFor(/You are now an operator/);
    await bob.waitFor(/\*\*\* the console made alice an operator/);

    alice.line("/mute troll 10m flooding");
    await bob.waitFor(/\*\*\* alice muted troll for 10 minutes: flooding: they can read but not send/);
    await troll.waitFor(/alice muted troll/);
    troll.line("spam spam spam");
    await troll.waitFor(/You are muted for another (10|9) minutes: you can read but not send\./);
    troll.line("/nick innocent");
    await troll.waitFor(/You are muted for another/);
    troll.line("/msg bob psst");
    await troll.waitFor(/You are muted for another/);
    // And reading goes on.
    bob.line("can you still read this, troll?");
    await troll.waitFor(/<bob> can you still read this, troll\?/);
    alice.line("/unmute troll");
    await troll.waitFor(/alice unmuted troll/);
    troll.line("I am sorry");
    await bob.waitFor(/<troll> I am sorry/);

    alice.line("/kick troll spam");
    await troll.waitFor(/You were kicked by alice: spam/);
    await troll.waitForClose();
    await bob.waitFor(/\*\*\* alice kicked troll: spam/);
    // One line says it: no "left" line follows it.
    bob.line("/who");
    await bob.waitFor(/2 in #lobby: alice \(telnet\), bob \(telnet\)/);
    expect(bob.text).not.toMatch(/troll left/);

    // A kick is not a ban: the troll comes back, and is banned for an hour.
    const again = await TestClient.joinAs(server.telnetPort, "troll");
    alice.line("/ban troll 1h flooding again");
    await again.waitFor(/You were banned by alice: flooding again/);
    await again.waitForClose();
    await bob.waitFor(/\*\*\* alice banned troll for 1 hour: flooding again/);
    (await tryNick(server.telnetPort, "TROLL", /You are banned from this server for another 60 minutes: flooding again/)).close();
    alice.line("/bans");
    await alice.waitFor(/1 ban in force:\r\n.*troll, for another 60 minutes, by alice: flooding again/);
    // An operator cannot act on another operator, nor on themselves.
    alice.line("/kick alice");
    await alice.waitFor(/You cannot \/kick yourself/);
    expect(server.output()).toMatch(/ban troll by alice \(telnet 127\.0\.0\.1\): flooding again/);
    bob.line("/topic Be kind");
    await alice.waitFor(/\*\*\* bob set the topic: Be kind/);

    server.type("stop");
    await server.exited;
    server = await servers.start(args);
    (await tryNick(server.telnetPort, "troll", /You are banned from this server for another (60|59) minutes/)).close();
    server.type("bans");
    await server.waitForOutput(/1 ban in force:\n {2}troll, for another/);
    server.type("unban troll");
    await server.waitForOutput(/Lifted the ban on troll\./);
    // The topic outlives the restart too.
    const forgiven = await TestClient.joinAs(server.telnetPort, "troll");
    expect(forgiven.text).toContain("Topic of #lobby: Be kind (set by bob)");
    forgiven.close();
    // Alice is still an operator after the restart, once she proves her nickname.
    const back = await tryNick(server.telnetPort, "alice", /is registered/);
    back.line("/identify alice-is-op");
    await back.waitFor(/You are alice\./);
    back.line("/whois alice");
    await back.waitFor(/registered \(password\), operator/);
    back.close();
    alice.close();
    bob.close();
  });

  test("the console bans an address: everyone from it is cut and refused, on every transport, until unbanned", async () => {
    const server = await servers.start(["--db", ":memory:"]);
    // 127.0.0.2 stands for a client elsewhere: this machine's own 127.0.0.1 cannot be banned.
    const tom = await TestClient.joinAs(server.telnetPort, "tom", "127.0.0.2");
    const local = await TestClient.joinAs(server.telnetPort, "local");
    server.type("ban 127.0.0.1 10m");
    await server.waitForOutput(/127\.0\.0\.1 holds this machine's own address/);
    server.type("ban 127.0.0.2/32 10m testing the door");
    await tom.waitFor(/You were banned by the console: testing the door/);
    await tom.waitForClose();
    const refused = await TestClient.connect(server.telnetPort, "127.0.0.2");
    await refused.waitFor(/You are banned from this server for another 10 minutes: testing the door/);
    await refused.waitForClose();
    expect(await postJoinFrom("127.0.0.2", server.httpUrl, "webby")).toBe(403);
    expect(await postJoinFrom("127.0.0.1", server.httpUrl, "webby")).toBe(303);
    local.line("/who");
    await local.waitFor(/local/);
    server.type("unban 127.0.0.2");
    await server.waitForOutput(/Lifted the ban on 127\.0\.0\.2\./);
    (await TestClient.joinAs(server.telnetPort, "tom", "127.0.0.2")).close();
  });

  test("on a dual-stack listener (--host ::) a ban of an IPv4 address holds for its IPv4-mapped form, on both transports", async () => {
    const server = await servers.start(["--db", ":memory:", "--host", "::"]);
    server.type("ban 127.0.0.2 10m");
    await server.waitForOutput(/Banned 127\.0\.0\.2\./);
    const refused = await TestClient.connect(server.telnetPort, "127.0.0.2");
    await refused.waitFor(/You are banned from this server/);
    expect(await postJoinFrom("127.0.0.2", server.httpUrl, "webby")).toBe(403);
  });

  test("--op names an operator for a server without a console: registered before it starts, they kick from their terminal", async () => {
    const db = join(servers.tempDir(), "chat.sqlite");
    // The nickname is registered first; then the service is started with --op naming it.
    const first = await servers.start(["--db", db]);
    const early = await TestClient.joinAs(first.telnetPort, "ann");
    early.line("/register anns-password");
    await early.waitFor(/ann is registered to you/);
    first.type("stop");
    expect(await first.exited).toBe(0);

    const server = await servers.start(["--db", db, "--op", "ann"]);
    const ann = await TestClient.connect(server.telnetPort);
    await ann.waitFor(/nickname/i);
    ann.line("ann");
    await ann.waitFor(/registered/);
    ann.line("/identify anns-password");
    await ann.waitFor(/You are ann\./);
    const troll = await TestClient.joinAs(server.telnetPort, "troll");
    ann.line("/kick troll enough");
    await troll.waitFor(/You were kicked by ann: enough/);
    server.type("ops");
    await server.waitForOutput(/Operators: ann \(--op\)/);
    ann.close();
  });

  test("watch on prints every message with its sender's address; off by default, and off again", async () => {
    const server = await servers.start(["--db", ":memory:"]);
    const bob = await TestClient.joinAs(server.telnetPort, "bob");
    const ann = await TestClient.joinAs(server.telnetPort, "ann");
    bob.line("before watching");
    await ann.waitFor(/before watching/);
    server.type("watch on");
    await server.waitForOutput(/Watching messages: on\./);
    bob.line("hello, console");
    await server.waitForOutput(/\[watch\] #lobby bob \(127\.0\.0\.1\): hello, console/);
    server.type("watch off");
    await server.waitForOutput(/Watching messages: off\./);
    bob.line("after watching");
    await ann.waitFor(/after watching/);
    server.type("rooms");
    await server.waitForOutput(/#lobby \(2\)/);
    // The console mutes and unmutes too.
    server.type("mute bob 2m shouting");
    await ann.waitFor(/\*\*\* the console muted bob for 2 minutes: shouting: they can read but not send/);
    bob.line("SHOUTING");
    await bob.waitFor(/You are muted for another (2 minutes|1\d\d seconds)/);
    server.type("unmute bob");
    await ann.waitFor(/\*\*\* the console unmuted bob/);
    expect(server.output()).not.toContain("before watching");
    expect(server.output()).not.toContain("after watching");
    bob.close();
    ann.close();
  });
});

/** POSTs the join form from the local address `from`; the status of the answer. */
function postJoinFrom(from: string, httpUrl: string, nick: string): Promise<number> {
  // To its IPv4 loopback address, whichever it printed: a dual-stack listener takes both.
  const url = new URL(`http://127.0.0.1:${new URL(httpUrl).port}/join`);
  const body = new URLSearchParams({ nick }).toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: from,
        headers: { Origin: url.origin, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
