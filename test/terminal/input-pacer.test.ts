import { describe, expect, test } from "bun:test";
import { InputPacer } from "../../src/terminal/input-pacer.ts";

/** A pacer over a fake socket, recording what it hands on and whether reading is paused. */
function setup(name = "", limits = { inputSlice: 4, maxHeldInput: 16 }, log: string[] = []) {
  const source = { paused: false, pause: () => void (source.paused = true), resume: () => void (source.paused = false) };
  const handled: string[] = [];
  const pacer = new InputPacer(
    source,
    (bytes) => {
      handled.push(decoder.decode(bytes));
      log.push(name);
    },
    limits,
  );
  return { pacer, source, handled };
}

const decoder = new TextDecoder();
const bytes = (text: string) => new TextEncoder().encode(text);
/** Lets every slice already scheduled run: one event-loop turn. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("input pacer", () => {
  test("a read within the slice is handed on at once, whole", () => {
    const { pacer, source, handled } = setup();
    expect(pacer.receive(bytes("abcd"))).toBe(true);
    expect(handled).toEqual(["abcd"]);
    expect(source.paused).toBe(false);
  });

  test("a larger read goes on a slice per turn, in order, with reading paused until it is done", async () => {
    const { pacer, source, handled } = setup();
    pacer.receive(bytes("abcdefghij"));
    expect(handled).toEqual(["abcd"]);
    expect(source.paused).toBe(true);
    // Bytes that were already on their way when reading paused join the queue behind the rest.
    pacer.receive(bytes("kl"));
    expect(handled).toEqual(["abcd"]);
    await nextTurn();
    expect(handled).toEqual(["abcd", "efgh"]);
    await nextTurn();
    expect(handled).toEqual(["abcd", "efgh", "ij", "kl"]);
    expect(source.paused).toBe(false);
    pacer.receive(bytes("m"));
    expect(handled.at(-1)).toBe("m");
  });

  test("connections with a backlog take turns", async () => {
    const log: string[] = [];
    const a = setup("a", undefined, log);
    const b = setup("b", undefined, log);
    a.pacer.receive(bytes("a".repeat(12)));
    b.pacer.receive(bytes("b".repeat(12)));
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(log).toEqual(["a", "b", "a", "b", "a", "b"]);
  });

  test("more waiting than the cap is refused, and nothing of it is kept", () => {
    const { pacer, handled } = setup();
    expect(pacer.receive(bytes("x".repeat(4 + 16)))).toBe(true);
    expect(pacer.receive(bytes("y"))).toBe(false);
    expect(handled).toEqual(["xxxx"]);
  });

  test("whenIdle waits for the backlog; stop drops it and resumes reading", async () => {
    const { pacer, source, handled } = setup();
    let idle = false;
    pacer.receive(bytes("abcdefgh"));
    pacer.whenIdle(() => (idle = true));
    expect(idle).toBe(false);
    await nextTurn();
    expect(idle).toBe(true);

    pacer.receive(bytes("12345678"));
    pacer.stop();
    expect(source.paused).toBe(false);
    await nextTurn();
    pacer.receive(bytes("9"));
    expect(handled).toEqual(["abcd", "efgh", "1234"]);
  });
});
