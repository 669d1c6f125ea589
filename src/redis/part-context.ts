import type { RedisClient } from "bun";
import type { Clock } from "../chat/clock.ts";
import type { BackendHost } from "../chat/cluster/backend.ts";
import type { LinkState } from "./link-state.ts";
import type { ScriptRunner } from "./script-runner.ts";

/** What every part of `RedisBackend` works with; the backend owns all of it. */
export interface PartContext {
  /** This instance's name. */
  readonly instance: string;
  /** The connection for commands and scripts (the stream's reader and the relay's listener have their own). */
  readonly commands: RedisClient;
  readonly scripts: ScriptRunner;
  readonly link: LinkState;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** The chat, once it has attached. */
  host(): BackendHost | undefined;
  /** A command failed: if it was the link, the chat pauses until a beat gets through again. */
  lost(error: unknown): void;
}
