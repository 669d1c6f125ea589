import type { Socket, TCPSocketListener } from "bun";

/**
 * Byte piping for the test proxies (the cuttable proxy, the balancer): a client accepted by
 * `Bun.listen` is joined to a backend reached with `Bun.connect`, and what either sends goes
 * to the other, queued while the other is not connected yet or cannot take more.
 */

/** One side of a piped connection: its peer, and the bytes waiting to go to it. */
export interface Pipe {
  peer?: Socket<Pipe>;
  /** Bytes that arrived before the other side was connected, or that it could not take yet. */
  pending: Uint8Array[];
}

/** Writes `data` to `to`, or queues it in `pipe` while `to` is not connected yet or cannot take more. */
export function forward(to: Socket<Pipe> | undefined, pipe: Pipe, data: Uint8Array): void {
  if (!to || pipe.pending.length) {
    pipe.pending.push(data);
    return;
  }
  const written = to.write(data);
  if (written < data.byteLength) pipe.pending.push(data.subarray(written));
}

/** Writes what `pipe` has queued to `to`, as far as it takes it (the rest waits for its next drain). */
export function flush(to: Socket<Pipe>, pipe: Pipe): void {
  while (pipe.pending.length) {
    const chunk = pipe.pending[0]!;
    const written = to.write(chunk);
    if (written < chunk.byteLength) {
      pipe.pending[0] = chunk.subarray(written);
      return;
    }
    pipe.pending.shift();
  }
}

/**
 * Connects `client` to the backend at `host:port` and pipes bytes both ways. `open` holds
 * every live socket of the caller (so that it can reset them all): the client is in it, and
 * the backend side joins it once connected; a client no longer in it has hung up, and its
 * backend connection is ended at once. `refused` runs at most once, if the backend cannot
 * be reached: nothing has been piped yet, so the caller may still try another backend or
 * reset the client. An error after that resets the client.
 */
export function pipeTo(client: Socket<Pipe>, host: string, port: number, open: Set<Socket<Pipe>>, refused: () => void): void {
  // Bun may report one failed connect more than once (connectError, then the rejected promise).
  let settled = false;
  const fail = () => {
    if (settled) return;
    settled = true;
    refused();
  };
  void Bun.connect<Pipe>({
    hostname: host,
    port,
    data: { peer: client, pending: [] },
    socket: {
      open(server) {
        settled = true;
        if (!open.has(client)) return void server.end();
        open.add(server);
        client.data.peer = server;
        // What the client sent meanwhile goes out now.
        flush(server, client.data);
      },
      data: (server, data) => forward(client, server.data, new Uint8Array(data)),
      // Writable again: what the client sent is waiting in the client side's queue.
      drain: (server) => flush(server, client.data),
      close(server) {
        open.delete(server);
        client.end();
      },
      connectError: fail,
      error: () => (settled ? client.terminate() : fail()),
    },
  }).catch(fail);
}

/**
 * Listens on a free port of `host` and hands each client it accepts, with an empty pipe, to
 * `accepted` (which tracks it in `open` and pipes it with `pipeTo`, or resets it). From then
 * on what the client sends goes to its peer, or waits for it; when it hangs up, so does its peer.
 */
export function listenPiped(
  host: string,
  open: Set<Socket<Pipe>>,
  accepted: (client: Socket<Pipe>) => void,
): TCPSocketListener<Pipe> {
  return Bun.listen<Pipe>({
    hostname: host,
    port: 0,
    socket: {
      open(client) {
        client.data = { pending: [] };
        accepted(client);
      },
      data: (client, data) => forward(client.data.peer, client.data, new Uint8Array(data)),
      drain: (client) => client.data.peer && flush(client, client.data.peer.data),
      close(client) {
        open.delete(client);
        client.data.peer?.end();
      },
    },
  });
}
