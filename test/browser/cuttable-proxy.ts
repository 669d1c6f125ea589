import type { Socket, TCPSocketListener } from "bun";

/**
 * A TCP proxy in front of the web server that can drop the network: `cut()` resets every
 * connection through it and refuses new ones until `restore()`. It stands for a flaky
 * phone connection between one browser and the server, which the server cannot tell
 * from a real one.
 */
export interface CuttableProxy {
  readonly port: number;
  cut(): void;
  restore(): void;
  stop(): void;
}

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

export function startCuttableProxy(targetPort: number, host = "127.0.0.1"): CuttableProxy {
  let down = false;
  const open = new Set<Socket<Pipe>>();
  const listener: TCPSocketListener<Pipe> = Bun.listen<Pipe>({
    hostname: host,
    port: 0,
    socket: {
      open(client) {
        client.data = { pending: [] };
        if (down) return void client.terminate();
        open.add(client);
        void Bun.connect<Pipe>({
          hostname: host,
          port: targetPort,
          data: { peer: client, pending: [] },
          socket: {
            open(server) {
              open.add(server);
              client.data.peer = server;
              // What the client sent meanwhile goes out now.
              flush(server, client.data);
            },
            data: (server, data) => forward(client, server.data, new Uint8Array(data)),
            // Writable again: what the browser sent is waiting in the client side's queue.
            drain: (server) => flush(server, client.data),
            close(server) {
              open.delete(server);
              client.end();
            },
            error: () => client.terminate(),
          },
        }).catch(() => client.terminate());
      },
      data: (client, data) => forward(client.data.peer, client.data, new Uint8Array(data)),
      drain: (client) => client.data.peer && flush(client, client.data.peer.data),
      close(client) {
        open.delete(client);
        client.data.peer?.end();
      },
    },
  });
  return {
    port: listener.port,
    cut() {
      down = true;
      for (const socket of [...open]) socket.terminate();
      open.clear();
    },
    restore() {
      down = false;
    },
    stop() {
      this.cut();
      listener.stop(true);
    },
  };
}
