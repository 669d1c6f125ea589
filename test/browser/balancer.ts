import type { Socket } from "bun";
import { listenPiped, pipeTo, type Pipe } from "./tcp-pipe.ts";

/**
 * A TCP round-robin load balancer for tests, like nginx's `stream` module in front of
 * several instances: each new connection goes to the next backend in turn, and to the one
 * after it if that one refuses (it was killed); a connection no backend takes is closed.
 * It knows nothing of HTTP: a browser's keep-alive connection stays with one backend for
 * its life, and when that backend dies the connection goes with it.
 */
export interface Balancer {
  readonly port: number;
  /** Closes every connection through it and stops listening. */
  stop(): void;
}

export function startBalancer(ports: number[], host = "127.0.0.1"): Balancer {
  if (ports.length === 0) throw new Error("a balancer needs at least one backend");
  let next = 0;
  const open = new Set<Socket<Pipe>>();

  /** Connects `client` to the backend at `ports[index]`, or to the following ones if it refuses; `left` is how many may still be tried. */
  function connect(client: Socket<Pipe>, index: number, left: number): void {
    if (!open.has(client)) return; // the client hung up while we were trying
    if (left === 0) return void client.terminate();
    pipeTo(client, host, ports[index]!, open, () => connect(client, (index + 1) % ports.length, left - 1));
  }

  const listener = listenPiped(host, open, (client) => {
    open.add(client);
    const first = next;
    next = (next + 1) % ports.length;
    connect(client, first, ports.length);
  });
  return {
    port: listener.port,
    stop() {
      for (const socket of [...open]) socket.terminate();
      open.clear();
      listener.stop(true);
    },
  };
}
