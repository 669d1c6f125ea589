import { MAX_CLIENT_TAGS_BYTES, MAX_LINE_BYTES } from "./irc-message.ts";

const LF = 0x0a;
const CR = 0x0d;
const AT = 0x40;
const SPACE = 0x20;

/** What one line may hold, tags and CR LF included: past it, the rest up to the next LF is dropped unread. */
const MAX_WHOLE_LINE = MAX_CLIENT_TAGS_BYTES + MAX_LINE_BYTES;

/** What becomes of the lines a client sends. */
export interface IrcLineSink {
  /** A whole line, without its line end, decoded (invalid UTF-8 replaced with U+FFFD, never passed on raw). */
  line(text: string): void;
  /** A line past the limits (`MAX_LINE_BYTES` without its tags, `MAX_CLIENT_TAGS_BYTES` of tags): it was dropped, and the client should hear of it (417). */
  tooLong(): void;
}

/**
 * Splits a client's bytes into IRC lines, however they come: a byte at a time, several
 * lines at once, a line end split across reads. A line ends with LF, CR LF as the RFC
 * writes it or LF alone as some clients send it. Holds at most one line's limit of bytes
 * whatever is sent: an endless line costs its sender one `tooLong`, not memory.
 */
export class IrcLineReader {
  readonly #decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  /** Past the limit: what comes until the next LF is dropped. */
  #dropping = false;

  constructor(private readonly sink: IrcLineSink) {}

  push(bytes: Uint8Array): void {
    let start = 0;
    for (let end = bytes.indexOf(LF, start); ; end = bytes.indexOf(LF, start)) {
      const piece = bytes.subarray(start, end < 0 ? bytes.length : end);
      if (this.#dropping) {
        if (end >= 0) this.#dropping = false;
      } else if (this.#heldBytes + piece.length > MAX_WHOLE_LINE) {
        this.#drop();
        if (end < 0) this.#dropping = true;
      } else if (end < 0) {
        if (piece.length) this.#hold(piece);
      } else {
        this.#finish(piece);
      }
      if (end < 0) return;
      start = end + 1;
    }
  }

  #hold(piece: Uint8Array): void {
    // Copied: the caller's buffer may be reused once `push` returns.
    this.#held.push(piece.slice());
    this.#heldBytes += piece.length;
  }

  #drop(): void {
    this.#held = [];
    this.#heldBytes = 0;
    this.sink.tooLong();
  }

  #finish(last: Uint8Array): void {
    let whole = last;
    if (this.#held.length) {
      whole = new Uint8Array(this.#heldBytes + last.length);
      let at = 0;
      for (const piece of this.#held) {
        whole.set(piece, at);
        at += piece.length;
      }
      whole.set(last, at);
      this.#held = [];
      this.#heldBytes = 0;
    }
    if (whole.at(-1) === CR) whole = whole.subarray(0, -1);
    if (!withinLimits(whole)) return this.sink.tooLong();
    this.sink.line(this.#decoder.decode(whole));
  }
}

/** Whether a line (without its line end) keeps to the limits: its tags, and the rest with the CR LF it is owed. */
function withinLimits(line: Uint8Array): boolean {
  const tagsEnd = line[0] === AT ? line.indexOf(SPACE) : -1;
  // The tags end at the space after them, which counts.
  if (tagsEnd + 1 > MAX_CLIENT_TAGS_BYTES) return false;
  const rest = tagsEnd < 0 ? line.length : line.length - tagsEnd - 1;
  return rest + 2 <= MAX_LINE_BYTES;
}
