import { CLOSE_GRACE_MS } from "../connections/close-grace.ts";

/** What one terminal connection may cost, whatever carries it (telnet, SSH). */
export interface TerminalLimits {
  /** Bytes of unfinished line after which the client is cut off. */
  readonly lineHardCap: number;
  /** Bytes of unsent output after which the client is dropped as too slow. */
  readonly outputLimit: number;
  /** Input handled per connection per event-loop turn, and how much may wait (see `InputPacer`). */
  readonly inputSlice: number;
  readonly maxHeldInput: number;
  /** How long a connection saying goodbye may take to flush before it is cut. */
  readonly closeGraceMs: number;
}

/** The limits of a terminal connection for messages of at most `maxLine` bytes. */
export function terminalLimits(maxLine: number): TerminalLimits {
  return {
    // An unfinished line may run well past the limit (it is refused when it ends), but not forever.
    lineHardCap: Math.max(4 * maxLine, 16 * 1024),
    outputLimit: 256 * 1024,
    // The costliest keys (a Tab searching a room of 20,000, Up through long lines) take a
    // few ms per 4 KB, so one turn stays short however many connections flood at once; a
    // person typing never sends this much in a turn.
    inputSlice: 4 * 1024,
    // Reading pauses while a backlog waits, so only a client that sent this much while the
    // server was not reading (Bun reads up to 512 KB at once) meets it; a chat client never does.
    maxHeldInput: 256 * 1024,
    closeGraceMs: CLOSE_GRACE_MS,
  };
}
