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

/**
 * Splits a byte stream into lines as terminals and netcat send them: CR LF, CR NUL
 * (telnet's bare carriage return), bare LF (nc) and bare CR all end a line.
 * Chunks may split lines and UTF-8 sequences anywhere.
 *
 * A line over `maxLine` bytes is reported as too long when it ends, and only its first
 * `maxLine` bytes are ever held. A line still unfinished after `hardCap` bytes is an
 * overflow: the client is not sending chat lines and should be disconnected.
 */
export class LineDecoder {
  // Stream mode keeps a multi-byte character split across chunks whole.
  readonly #utf8 = new TextDecoder("utf-8");
  #text = "";
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
      if (!this.#append(chunk.subarray(start, i), events)) return events;
      events.push(this.#endLine());
      this.#afterCr = byte === CR;
      start = i + 1;
    }
    this.#append(chunk.subarray(start), events);
    return events;
  }

  /** Adds part of the current line; false (and an overflow event) past the hard cap. */
  #append(part: Uint8Array, events: LineEvent[]): boolean {
    if (part.length === 0) return true;
    this.#bytes += part.length;
    if (this.#bytes > this.hardCap) {
      this.#overflowed = true;
      this.#text = "";
      events.push({ kind: "overflow", bytes: this.#bytes });
      return false;
    }
    if (this.#bytes <= this.maxLine) this.#text += this.#utf8.decode(part, { stream: true });
    return true;
  }

  #endLine(): LineEvent {
    const bytes = this.#bytes;
    // Flushing also resets the decoder: a dangling partial character becomes U+FFFD.
    const text = this.#text + this.#utf8.decode();
    this.#text = "";
    this.#bytes = 0;
    if (bytes > this.maxLine) return { kind: "too-long", bytes };
    return { kind: "line", text: applyErasures(text) };
  }
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
