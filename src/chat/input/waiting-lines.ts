import { utf8Length } from "../text.ts";

/**
 * Lines a member typed faster than the rate allows, waiting their turn in order: a paste
 * in a terminal goes out at the allowed rate instead of being cut (irssi and ergo's
 * "fakelag"). Bounded, so a flood cannot make the server hold its input.
 */
export class WaitingLines {
  readonly #lines: string[] = [];
  #bytes = 0;
  /** A send of the next line is scheduled. */
  scheduled = false;

  constructor(
    readonly maxLines: number,
    readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.#lines.length;
  }

  /** Adds a line behind the others; false, and nothing added, when that would pass a bound. */
  push(line: string): boolean {
    if (this.#lines.length >= this.maxLines || this.#bytes + utf8Length(line) > this.maxBytes) return false;
    this.#lines.push(line);
    this.#bytes += utf8Length(line);
    return true;
  }

  /** The line whose turn it is. */
  peek(): string | undefined {
    return this.#lines[0];
  }

  shift(): void {
    const line = this.#lines.shift();
    if (line !== undefined) this.#bytes -= utf8Length(line);
  }
}
