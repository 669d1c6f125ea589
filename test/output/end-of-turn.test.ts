import { describe, expect, test } from "bun:test";
import { flushAtEndOfTurn, joinChunks, type Flushable } from "../../src/output/end-of-turn.ts";

/** A target that records when it was flushed, like a socket's output queue (scheduled once until flushed). */
class Target implements Flushable {
  scheduled = false;
  readonly flushedAt: number[] = [];
  held: string[] = [];
  sent: string[] = [];

  constructor(private readonly clock: { turn: number }) {}

  write(text: string): void {
    this.held.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    flushAtEndOfTurn(this);
  }

  flush(): void {
    this.scheduled = false;
    this.flushedAt.push(this.clock.turn);
    this.sent.push(this.held.join("+"));
    this.held = [];
  }
}

/** Counts event-loop turns: one setImmediate chain that ticks until stopped. */
function turnCounter() {
  const clock = { turn: 0, running: true };
  const tick = () => {
    clock.turn++;
    if (clock.running) setImmediate(tick);
  };
  setImmediate(tick);
  return clock;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("flushing at the end of the turn", () => {
  test("nothing is flushed in the turn that wrote it, everything is flushed soon after, once", async () => {
    const clock = turnCounter();
    const targets = Array.from({ length: 10 }, () => new Target(clock));
    for (const target of targets) target.write("a");
    expect(targets.every((t) => t.sent.length === 0)).toBe(true);
    await settle();
    clock.running = false;
    expect(targets.map((t) => t.sent)).toEqual(targets.map(() => ["a"]));
  });

  test("a big round goes in slices, so input is read between them", async () => {
    const clock = turnCounter();
    const targets = Array.from({ length: 300 }, () => new Target(clock));
    for (const target of targets) target.write("a");
    await settle();
    clock.running = false;
    const turns = new Set(targets.map((t) => t.flushedAt[0]));
    expect(turns.size).toBeGreaterThan(1);
    expect(targets.every((t) => t.sent.length === 1)).toBe(true);
  });

  test("what arrives mid-round joins the targets not yet flushed, and the others get it in the next round", async () => {
    const clock = turnCounter();
    const targets = Array.from({ length: 300 }, () => new Target(clock));
    for (const target of targets) target.write("a");
    // Wait until the round has started but not finished.
    while (!targets[0]!.sent.length) await new Promise((resolve) => setImmediate(resolve));
    expect(targets.at(-1)!.sent.length).toBe(0);
    for (const target of targets) target.write("b");
    await settle();
    clock.running = false;
    expect(targets[0]!.sent).toEqual(["a", "b"]);
    expect(targets.at(-1)!.sent).toEqual(["a+b"]);
    // Every target got both, in order, whichever way they were grouped.
    expect(targets.every((t) => t.sent.join("+") === "a+b")).toBe(true);
  });

  test("a target whose flush throws does not stop the others, now or later", async () => {
    const clock = turnCounter();
    const broken: Flushable = {
      flush() {
        throw new Error("broken on purpose");
      },
    };
    const targets = Array.from({ length: 100 }, () => new Target(clock));
    const errors: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      flushAtEndOfTurn(broken);
      for (const target of targets) target.write("a");
      await settle();
      for (const target of targets) target.write("b");
      await settle();
    } finally {
      console.error = consoleError;
      clock.running = false;
    }
    expect(errors.length).toBe(1);
    expect(targets.every((t) => t.sent.join("+") === "a+b")).toBe(true);
  });
});

describe("joining chunks", () => {
  test("sockets handed the same chunks share one joined buffer", () => {
    const parts = [new Uint8Array([1, 2]), new Uint8Array([3])];
    const first = joinChunks(parts, 3);
    expect([...first]).toEqual([1, 2, 3]);
    expect(joinChunks([...parts], 3)).toBe(first);
    expect(joinChunks([parts[1]!, parts[0]!], 3)).not.toBe(first);
    expect(joinChunks([parts[0]!], 2)).toBe(parts[0]!);
  });
});
