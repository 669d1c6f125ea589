import { describe, expect, test } from "bun:test";
import { OutputQueue, type ByteSink } from "../../src/telnet/output-queue.ts";

/** A socket that takes at most `capacity` bytes until the test lets more through. */
class FakeSocket implements ByteSink {
  written: number[] = [];
  ended = false;
  constructor(public capacity: number) {}
  write(bytes: Uint8Array): number {
    if (this.ended) throw new Error("write after end");
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

describe("output queue", () => {
  test("keeps the unwritten tail of a partial write and sends it, in order, on drain", () => {
    const socket = new FakeSocket(3);
    const queue = new OutputQueue(socket, 1000);
    expect(queue.write(bytes("hello "))).toBe(true);
    expect(queue.write(bytes("world"))).toBe(true);
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

  test("appends behind a backlog instead of writing around it", () => {
    const socket = new FakeSocket(0);
    const queue = new OutputQueue(socket, 1000);
    queue.write(bytes("first "));
    socket.capacity = 100;
    queue.write(bytes("second"));
    expect(text(socket)).toBe("");
    queue.flush();
    expect(text(socket)).toBe("first second");
  });

  test("refuses bytes that would take the backlog past its cap", () => {
    const socket = new FakeSocket(0);
    const queue = new OutputQueue(socket, 10);
    expect(queue.write(bytes("12345678"))).toBe(true);
    expect(queue.write(bytes("9ab"))).toBe(false);
    expect(queue.queuedBytes).toBe(8);
  });

  test("ends the socket only once the backlog has gone out", () => {
    const socket = new FakeSocket(2);
    const queue = new OutputQueue(socket, 1000);
    queue.write(bytes("bye!"));
    queue.endWhenFlushed();
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
