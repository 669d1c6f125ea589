/** What the line decoder found in a chunk of input. */
export type LineEvent =
  /** A complete line, decoded from UTF-8 (invalid bytes replaced) with backspaces applied. */
  | { readonly kind: "line"; readonly text: string }
  /** A complete line longer than the limit; its content was discarded. */
  | { readonly kind: "too-long"; readonly bytes: number }
  /** Input ran past the hard cap without ending a line; the decoder accepts nothing more. */
  | { readonly kind: "overflow"; readonly bytes: number };

const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;

const EMPTY_LINE: LineEvent = { kind: "line", text: "" };

/** Shared by every connection: a line is decoded once it is whole, so no stream state is needed. */
const utf8 = new TextDecoder("utf-8");

/**
 * Splits a byte stream into lines as terminals and netcat send them: CR LF, CR NUL
 * (telnet's bare carriage return), bare LF (nc) and bare CR all end a line.
 * Chunks may split lines and UTF-8 sequences anywhere: a line is decoded only once it
 * has ended, from its bytes (invalid ones become U+FFFD).
 *
 * A line over `maxLine` bytes is reported as too long when it ends, and only its first
 * `maxLine` bytes are ever held. A line still unfinished after `hardCap` bytes is an
 * overflow: the client is not sending chat lines and should be disconnected.
 */
export class LineDecoder {
  /** The current line's bytes from earlier chunks; none while lines arrive whole, as they mostly do. */
  #held: Uint8Array | undefined;
  #bytes = 0;
  /** The previous byte was a CR: a following LF or NUL belongs to the same line end. */
  #afterCr = false;
  #overflowed = false;
  #sawTelnetLineEnd = false;

  constructor(
    readonly maxLine: number,
    readonly hardCap: number,
  ) {}

  /** True once a line ended with CR LF or CR NUL, as telnet clients send (nc sends bare LF). */
  get sawTelnetLineEnd(): boolean {
    return this.#sawTelnetLineEnd;
  }

  feed(chunk: Uint8Array): LineEvent[] {
    const events: LineEvent[] = [];
    if (this.#overflowed) return events;
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.#afterCr) {
        this.#afterCr = false;
        if (byte === LF || byte === NUL) {
          this.#sawTelnetLineEnd = true;
          start = i + 1;
          continue;
        }
      }
      if (byte !== CR && byte !== LF) continue;
      if (!this.#count(i - start, events)) return events;
      // An empty line costs no allocation: a flood of bare CRs is mostly that.
      events.push(this.#bytes === 0 ? EMPTY_LINE : this.#endLine(chunk.subarray(start, i)));
      this.#afterCr = byte === CR;
      start = i + 1;
    }
    if (start < chunk.length && this.#count(chunk.length - start, events)) this.#hold(chunk.subarray(start));
    return events;
  }

  /** Counts bytes of the current line; false (and an overflow event) past the hard cap. */
  #count(bytes: number, events: LineEvent[]): boolean {
    this.#bytes += bytes;
    if (this.#bytes <= this.hardCap) return true;
    this.#overflowed = true;
    this.#held = undefined;
    events.push({ kind: "overflow", bytes: this.#bytes });
    return false;
  }

  /** Keeps the unfinished end of a chunk (a copy: Bun reuses its read buffer) until the line ends. */
  #hold(part: Uint8Array): void {
    this.#held = this.#bytes > this.maxLine ? undefined : this.#held ? concat(this.#held, part) : part.slice();
  }

  /** The line ends with `last` (already counted). */
  #endLine(last: Uint8Array): LineEvent {
    const bytes = this.#bytes;
    const held = this.#held;
    this.#held = undefined;
    this.#bytes = 0;
    if (bytes > this.maxLine) return { kind: "too-long", bytes };
    return { kind: "line", text: applyErasures(utf8.decode(held ? concat(held, last) : last)) };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/**
 * In line mode some terminals still send Backspace (0x08) or DEL (0x7f) inside a line:
 * each erases the character before it, as the user meant.
 */
function applyErasures(text: string): string {
  if (!/[\b\x7f]/.test(text)) return text;
  const kept: string[] = [];
  for (const char of text) {
    if (char === "\b" || char === "\x7f") kept.pop();
    else kept.push(char);
  }
  return kept.join("");
}
