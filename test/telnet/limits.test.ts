import { afterEach, describe, expect, test } from "bun:test";
import type { Member } from "../../src/chat/people/member.ts";
import { immediate } from "../chat/chat-harness.ts";
import { until } from "./test-client.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
afterEach(() => server?.stop());

describe("telnet limits", () => {
  test("a full server says so in one line and closes", async () => {
    server = startTestServer({ maxClients: 1 });
    await server.join("ann");
    const late = await server.connect();
    await late.waitFor(/^-!- The server is full \(1 members\); try again later\.\r\n$/);
    await late.waitForClose();
  });

  test("too many connections from one address are refused, and a slot comes back on close", async () => {
    server = startTestServer({ maxPerAddress: 1, limitLoopback: true });
    const first = await server.connect();
    await first.waitFor(/Pick a nickname: $/);
    const second = await server.connect();
    await second.waitFor(/^-!- Too many connections from your address; close one and try again later\.\r\n$/);
    await second.waitForClose();
    first.close();
    await until(() => server.telnet.connections === 0, "first connection closed");
    const third = await server.connect();
    await third.waitFor(/Pick a nickname: $/);
  });

  test("a connection that picks no nickname in time is told why and disconnected", async () => {
    server = startTestServer({}, { nickTimeoutSeconds: 0.3 });
    const idle = await server.connect();
    await idle.waitFor(/Pick a nickname: $/);
    idle.line("taken!");
    await idle.waitFor(/Pick a nickname: $/);
    await idle.waitFor(/-!- No nickname chosen in 0\.3 seconds; goodbye\.\r\n/, 3000);
    await idle.waitForClose();
  });

  test("joining in time cancels the nickname timeout", async () => {
    server = startTestServer({}, { nickTimeoutSeconds: 0.2 });
    const ann = await server.join("ann");
    await Bun.sleep(400);
    ann.line("still here");
    const bob = await server.join("bob");
    ann.line("really");
    await bob.waitFor(/<ann> really/);
    expect(ann.isClosed).toBe(false);
  });

  test("a slow reader is disconnected and the room keeps flowing", async () => {
    // The flood is paced by the test, not by the rate limit.
    server = startTestServer({ maxLine: 4096, msgRate: 1e9, msgBurst: 1e9 });
    const slow = await server.join("slow");
    const fast = await server.join("fast");
    slow.socket.pause();
    // A member with no socket floods the room, so the test controls the pace.
    const seat = server.chat.admit("test");
    if (!seat.ok) throw new Error(seat.error.message);
    const flooder = immediate(server.chat.join({ nick: "flooder", transport: "web", seat: seat.value }, { enter() {}, deliver() {}, close() {} }));
    if (!flooder.ok) throw new Error(flooder.error.message);
    const big = "z".repeat(4000);
    let sent = 0;
    // Give up long before memory matters: the queue cap is 256 KiB, kernel buffers a few MB.
    while (server.chat.find("slow") && sent < 64 * 1024 * 1024) {
      for (let i = 0; i < 16; i++) say(flooder.value, `${big} ${i}`);
      sent += 16 * 4000;
      await Bun.sleep(1);
    }
    expect(server.chat.find("slow")).toBeUndefined();
    await fast.waitFor(/\*\*\* slow left #lobby \(too slow\)\r\n/, 10_000);
    await until(() => server.telnet.connections === 1, "the slow socket closed");
    say(flooder.value, "after the drop");
    await fast.waitFor(/<flooder> after the drop\r\n/, 10_000);
    expect(fast.isClosed).toBe(false);
  });
});

function say(member: Member, text: string): void {
  const said = immediate(server.chat.say(member, text));
  if (!said.ok) throw new Error(said.error.message);
}
