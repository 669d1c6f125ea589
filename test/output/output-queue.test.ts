import { describe, expect, test } from "bun:test";
import { OutputQueue, type ByteSink } from "../../src/output/output-queue.ts";

/** A socket that takes at most `capacity` bytes until the test lets more through. */
class FakeSocket implements ByteSink {
  written: number[] = [];
  writes: Uint8Array[] = [];
  ended = false;
  constructor(public capacity: number) {}
  write(bytes: Uint8Array): number {
    if (this.ended) throw new Error("write after end");
    this.writes.push(bytes);
    const taken = Math.min(this.capacity, bytes.length);
    this.written.push(...bytes.subarray(0, taken));
    this.capacity -= taken;
    return taken;
  }
  end(): void {
    this.ended = true;
  }
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (socket: FakeSocket) => new TextDecoder().decode(Uint8Array.from(socket.written));
const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("output queue", () => {
  test("holds what one turn writes and sends it as one write at the end of the turn", async () => {
    const socket = new FakeSocket(100);
    const queue = new OutputQueue(socket, 1000);
    queue.write(bytes("one "));
    queue.write(bytes("two "));
    queue.write(bytes("three"));
    expect(socket.writes).toHaveLength(0);
    await endOfTurn();
    expect(socket.writes).toHaveLength(1);
    expect(text(socket)).toBe("one two three");
  });

  test("sockets that were handed the same chunks share one joined buffer", async () => {
    const shared = [bytes("a"), bytes("b")];
    const sockets = [new FakeSocket(100), new FakeSocket(100)];
    for (const socket of sockets) {
      const queue = new OutputQueue(socket, 1000);
      for (const chunk of shared) queue.write(chunk);
    }
    await endOfTurn();
    expect(sockets[0]!.writes[0]).toBe(sockets[1]!.writes[0]!);
    expect(text(sockets[1]!)).toBe("ab");
  });

  test("keeps the unwritten tail of a partial write and sends it, in order, on drain", async () => {
    const socket = new FakeSocket(3);
    const queue = new OutputQueue(socket, 1000);
    expect(queue.write(bytes("hello "))).toBe(true);
    expect(queue.write(bytes("world"))).toBe(true);
    await endOfTurn();
    expect(text(socket)).toBe("hel");
    expect(queue.queuedBytes).toBe(8);
    socket.capacity = 4;
    queue.flush();
    expect(text(socket)).toBe("hello w");
    socket.capacity = 100;
    queue.flush();
    expect(text(socket)).toBe("hello world");
    expect(queue.queuedBytes).toBe(0);
  });

  test("while the kernel buffer is full, new output waits behind the backlog for drain", async () => {
    const socket = new FakeSocket(0);
    const queue = new OutputQueue(socket, 1000);
    queue.write(bytes("first "));
    await endOfTurn();
    socket.capacity = 100;
    queue.write(bytes("second"));
    await endOfTurn();
    expect(text(socket)).toBe("");
    queue.flush(); // drain
    expect(text(socket)).toBe("first second");
  });

  test("refuses bytes that would take the backlog past its cap", () => {
    const socket = new FakeSocket(0);
    const queue = new OutputQueue(socket, 10);
    expect(queue.write(bytes("12345678"))).toBe(true);
    expect(queue.write(bytes("9ab"))).toBe(false);
    expect(queue.queuedBytes).toBe(8);
  });

  test("ends the socket only once the backlog has gone out", async () => {
    const socket = new FakeSocket(2);
    const queue = new OutputQueue(socket, 1000);
    queue.write(bytes("bye!"));
    queue.endWhenFlushed();
    await endOfTurn();
    expect(socket.ended).toBe(false);
    socket.capacity = 100;
    queue.flush();
    expect(text(socket)).toBe("bye!");
    expect(socket.ended).toBe(true);
    queue.flush();
    expect(queue.write(bytes("late"))).toBe(true);
    expect(text(socket)).toBe("bye!");
  });
});
