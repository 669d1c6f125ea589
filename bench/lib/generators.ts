/** The runner's side of the generator processes: spawn, send a command, await its reply. */
import type { Subprocess } from "bun";
import { join } from "node:path";
import type { Command, GeneratorSpec } from "../generator.ts";

export class Generator {
  readonly #proc: Subprocess;
  readonly #waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  #nextId = 0;

  constructor(readonly spec: GeneratorSpec) {
    this.#proc = Bun.spawn([process.execPath, join(import.meta.dir, "..", "generator.ts")], {
      stdin: "ignore",
      stdout: "inherit",
      stderr: "inherit",
      // Bun's fetch runs at most 256 requests at once per process unless told otherwise.
      env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: "65535" },
      ipc: (message: { id: number; ok: boolean; value?: unknown; error?: string }) => {
        const waiter = this.#waiting.get(message.id);
        this.#waiting.delete(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new Error(`generator ${spec.id}: ${message.error}`));
      },
    });
  }

  get pid(): number {
    return this.#proc.pid;
  }

  static async start(spec: GeneratorSpec): Promise<Generator> {
    const generator = new Generator(spec);
    await generator.call({ cmd: "init", spec });
    return generator;
  }

  call<T = any>(command: Command): Promise<T> {
    const id = this.#nextId++;
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    this.#waiting.set(id, { resolve, reject });
    this.#proc.send({ id, command });
    return promise;
  }

  async close(): Promise<void> {
    await Promise.race([this.call({ cmd: "close" }).catch(() => {}), Bun.sleep(3000)]);
    this.#proc.kill("SIGKILL");
    await this.#proc.exited;
  }
}
