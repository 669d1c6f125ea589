import { describe, expect, test } from "bun:test";
import { Chat, LocalBackend, SHUTTING_DOWN } from "../../src/chat/index.ts";
import { ArrivalTurns } from "../../src/connections/arrival-turns.ts";
import { terminalContext } from "../../src/terminal/terminal-context.ts";
import { TerminalSession, type TerminalWire } from "../../src/terminal/terminal-session.ts";
import { FakeClock } from "../helpers/fake-clock.ts";

/** A wire that records what reaches it; `reading` false plays a client that stopped reading. */
class FakeWire implements TerminalWire {
  readonly #decoder = new TextDecoder();
  written = "";
  reading = true;
  paused = false;
  ended = false;
  terminated = false;

  write(bytes: Uint8Array): number {
    if (!this.reading) return 0;
    this.written += this.#decoder.decode(bytes);
    return bytes.length;
  }
  end(): void {
    this.ended = true;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  terminate(): void {
    this.terminated = true;
  }
}

const LIMITS = { outputLimit: 1024, inputSlice: 8, maxHeldInput: 32, lineHardCap: 64, closeGraceMs: 2000 };

/** A session over a fake wire, in a chat on a fake clock; `handle` types into it as SSH does. */
function setup(handle?: (session: TerminalSession, bytes: Uint8Array) => void, arrivals?: ArrivalTurns) {
  const clock = new FakeClock();
  const chat = new Chat({ msgRate: 1000, msgBurst: 1000 }, new LocalBackend(), clock);
  const log: string[] = [];
  const context = { ...terminalContext(chat, "ssh", { maxLine: 40, nickTimeoutSeconds: 30, log: (line) => log.push(line), arrivals }), ...LIMITS };
  const wire = new FakeWire();
  const session: TerminalSession = new TerminalSession(wire, "192.0.2.1", context, (bytes) =>
    handle ? handle(session, bytes) : session.type(bytes),
  );
  return { clock, chat, log, wire, session };
}

const bytes = (text: string) => new TextEncoder().encode(text);
/** Lets the output queued this turn reach the wire. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("terminal session", () => {
  test("greetings take arrival turns: a storm of connections is greeted a few per turn, and a nickname typed ahead still comes after its greeting", async () => {
    // Issue 22, section 4: every greeting of a reconnect storm was written at once.
    const arrivals = new ArrivalTurns(2);
    const sessions = Array.from({ length: 5 }, () => setup(undefined, arrivals));
    for (const { session } of sessions) session.member.start();
    expect(arrivals.waiting).toBe(5);
    const first = sessions[0]!;
    first.session.member.line("early");
    for (let turn = 0; turn < 6; turn++) await nextTurn();
    expect(arrivals.waiting).toBe(0);
    for (const { wire } of sessions) expect(wire.written).toMatch(/^Welcome to Switchboard\. 0 online\.\r\nPick a nickname: /);
    expect(first.wire.written).toMatch(/Pick a nickname: .*You are early\./s);
  });

  test("a connection gone before its turn is not greeted", async () => {
    const arrivals = new ArrivalTurns(2);
    const { session, wire } = setup(undefined, arrivals);
    session.member.start();
    session.wireClosed("connection closed");
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(wire.written).toBe("");
  });

  test("a goodbye that cannot drain is cut at the close deadline, not before", async () => {
    const { clock, wire, session } = setup();
    wire.reading = false;
    session.sayAndClose("Bye.");
    await nextTurn();
    expect(session.closing).toBe(true);
    expect(wire.ended).toBe(false);
    clock.advance(LIMITS.closeGraceMs - 1);
    expect(wire.terminated).toBe(false);
    clock.advance(1);
    expect(wire.terminated).toBe(true);
  });

  test("the deadline is called off once the wire has closed", async () => {
    const { clock, wire, session } = setup();
    session.end();
    await nextTurn();
    expect(wire.ended).toBe(true);
    expect(session.wireClosed("connection closed")).toBe(true);
    expect(session.wireClosed("connection closed")).toBe(false);
    await session.closed;
    clock.advance(LIMITS.closeGraceMs);
    expect(wire.terminated).toBe(false);
  });

  test("a client whose output backs up past the limit is dropped after the event it could not take", async () => {
    const { chat, wire, session } = setup();
    session.member.start("ann");
    expect(chat.membersOf("#lobby").map((m) => m.nick)).toEqual(["ann"]);
    wire.reading = false;
    session.print(new Uint8Array(LIMITS.outputLimit + 1));
    // Still in while the broadcast that overflowed it goes on; gone a microtask later.
    expect(session.closing).toBe(true);
    expect(wire.terminated).toBe(false);
    expect(chat.membersOf("#lobby")).toHaveLength(1);
    await Promise.resolve();
    expect(wire.terminated).toBe(true);
    expect(chat.membersOf("#lobby")).toHaveLength(0);
  });

  test("input arriving faster than it is handled is cut off, with the reason", async () => {
    const handled: string[] = [];
    const { wire, session } = setup((_, chunk) => handled.push(new TextDecoder().decode(chunk)));
    session.receive(bytes("x".repeat(LIMITS.inputSlice + LIMITS.maxHeldInput + 1)));
    // The first slice was handled; the rest would have been held past the limit.
    expect(handled).toEqual(["x".repeat(LIMITS.inputSlice)]);
    await nextTurn();
    expect(wire.written).toContain(`Input cut off: over ${LIMITS.maxHeldInput} bytes arrived faster than they could be handled; goodbye.\r\n`);
    expect(wire.ended).toBe(true);
    expect(wire.paused).toBe(false);
  });

  test("a line that never ends is cut off, with the cap it passed", async () => {
    const { wire, session } = setup();
    session.startCharacterMode("now");
    for (let i = 0; i < 12; i++) session.receive(bytes("abcdefgh"));
    await nextTurn();
    expect(wire.written).toContain(`Input cut off: no line end in ${LIMITS.lineHardCap} bytes; goodbye.\r\n`);
    expect(session.closing).toBe(true);
  });

  test("a server shutdown takes the member out and says so", async () => {
    const { chat, wire, session } = setup();
    session.member.start("ann");
    session.shutdown();
    await nextTurn();
    expect(chat.membersOf("#lobby")).toHaveLength(0);
    expect(wire.written).toContain(SHUTTING_DOWN);
    expect(wire.ended).toBe(true);
  });

  test("without a row from the start, the prompt shows once the member is in", async () => {
    const { wire, session } = setup();
    session.startCharacterMode("once-joined");
    expect(wire.written).toBe("");
    session.member.start("ann");
    await nextTurn();
    expect(wire.written).not.toContain("Pick a nickname");
    expect(wire.written.endsWith("[ann #lobby] \x1b[K")).toBe(true);
  });

  test("a fault in guarded work is logged and costs the session only", () => {
    const { log, wire, session } = setup();
    session.guard(() => {
      throw new Error("boom");
    });
    expect(log).toEqual(["ssh error 192.0.2.1: Error: boom"]);
    expect(wire.terminated).toBe(true);
  });
});
