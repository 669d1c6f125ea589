/**
 * Reads an event-stream response off a raw TCP connection the way a browser's
 * EventSource does, as far as a reconnect needs: the status, the chunked body, and the
 * `id:` field. It also tells a Switchboard redraw (`EventFrames.reset`,
 * the message list replaced whole) from other messages. Only the first bytes of each
 * line are looked at, so a long `data:` line costs no copying.
 */

const LF = 0x0a;
const HEADERS_END = Buffer.from("\r\n\r\n");
const ID = Buffer.from("id:");
/** How a redraw's first data line starts. */
const REDRAW = Buffer.from('data: <hx-partial hx-target="#messages" hx-swap="innerHTML">');
/** The most of a line any of the above needs. */
const HEAD_BYTES = REDRAW.length;

export interface SseListener {
  /** Body bytes as they come (markers are scanned in them). */
  body(piece: Buffer): void;
  /** A message was dispatched (a blank line), with its `id:` if it had one. */
  message(id: string | undefined): void;
  /**
   * A redraw's `#messages` line came in whole: the history it shows has been handed to
   * `body`. Said then, not when its message ends: the rest of a redraw (the member and
   * room lists, tens of KB) may still be on the way when the counts are read.
   */
  redraw(): void;
}

export class SseReader {
  /** The response's status, once its headers are in (0 before). Nothing after the headers is read unless 200. */
  status = 0;
  /** The body ended (its last, empty chunk came): the server closed the stream. */
  ended = false;
  #headers: Buffer | undefined = Buffer.alloc(0);
  #chunked = false;
  /** Chunked body: data bytes left in this chunk, CR LF left after it, the size line so far. */
  #left = 0;
  #skip = 0;
  #sizeLine = "";
  /** The start of the current line, and the fields of the current message. */
  readonly #head = Buffer.alloc(HEAD_BYTES);
  #headLength = 0;
  #id: string | undefined;

  constructor(private readonly listener: SseListener) {}

  feed(chunk: Buffer): void {
    if (this.#headers) {
      const seen = Buffer.concat([this.#headers, chunk]);
      const end = seen.indexOf(HEADERS_END);
      if (end < 0) {
        this.#headers = seen;
        return;
      }
      this.#headers = undefined;
      const head = seen.toString("latin1", 0, end);
      this.status = Number(head.slice(9, 12));
      this.#chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
      chunk = seen.subarray(end + HEADERS_END.length);
    }
    if (this.status !== 200 || this.ended) return;
    if (this.#chunked) this.#dechunk(chunk);
    else this.#body(chunk);
  }

  #dechunk(buf: Buffer): void {
    let i = 0;
    while (i < buf.length && !this.ended) {
      if (this.#left > 0) {
        const n = Math.min(this.#left, buf.length - i);
        this.#body(buf.subarray(i, i + n));
        i += n;
        this.#left -= n;
        if (this.#left === 0) this.#skip = 2;
      } else if (this.#skip > 0) {
        i++;
        this.#skip--;
      } else {
        const newline = buf.indexOf(LF, i);
        this.#sizeLine += buf.toString("latin1", i, newline < 0 ? buf.length : newline);
        if (newline < 0) return;
        i = newline + 1;
        // parseInt stops at the CR (and at any chunk extension).
        const size = parseInt(this.#sizeLine, 16);
        this.#sizeLine = "";
        if (size === 0) this.ended = true;
        else this.#left = size;
      }
    }
  }

  #body(piece: Buffer): void {
    this.listener.body(piece);
    let from = 0;
    for (;;) {
      const newline = piece.indexOf(LF, from);
      const end = newline < 0 ? piece.length : newline;
      const take = Math.min(end - from, HEAD_BYTES - this.#headLength);
      if (take > 0) piece.copy(this.#head, this.#headLength, from, from + take), (this.#headLength += take);
      if (newline < 0) return;
      this.#line(this.#head.subarray(0, this.#headLength));
      this.#headLength = 0;
      from = newline + 1;
    }
  }

  #line(line: Buffer): void {
    if (line.length === 0) {
      this.listener.message(this.#id);
      this.#id = undefined;
    } else if (startsWith(line, ID)) {
      this.#id = line.toString("latin1", ID.length).replace(/^ /, "");
    } else if (startsWith(line, REDRAW)) {
      this.listener.redraw();
    }
  }
}

function startsWith(line: Buffer, prefix: Buffer): boolean {
  return line.length >= prefix.length && line.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}
