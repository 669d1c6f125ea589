import type { Socket } from "bun";
import { listenPiped, pipeTo, type Pipe } from "./tcp-pipe.ts";

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

export function startCuttableProxy(targetPort: number, host = "127.0.0.1"): CuttableProxy {
  let down = false;
  const open = new Set<Socket<Pipe>>();
  const listener = listenPiped(host, open, (client) => {
    if (down) return void client.terminate();
    open.add(client);
    // A server that cannot be reached is a reset for the browser, as on a real network.
    pipeTo(client, host, targetPort, open, () => client.terminate());
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
