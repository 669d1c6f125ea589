/**
 * The marker a sender puts in each message: `~B<sender>:<seq>:<wall ms>~`. Receivers
 * find it by scanning raw bytes (telnet lines or SSE HTML alike carry it unchanged:
 * `~`, digits, `:` and `.` are neither escaped nor styled).
 */
import { Histogram, type SparseHistogram } from "./histogram.ts";

const TILDE = 0x7e;
const COLON = 0x3a;
const DOT = 0x2e;
const START = Buffer.from("~B");

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export function marker(sender: number, seq: number, at = wallMs()): string {
  return `~B${sender}:${seq}:${at.toFixed(3)}~`;
}

/**
 * Counts deliveries for many receivers against many senders. One bit per
 * (receiver, sender, seq) tells a duplicate (bit already set) from a first delivery;
 * whatever never arrived is loss. A bitmap rather than a "last seq" because web
 * senders' POSTs may overtake each other on a loaded server: arriving after a later
 * message is counted as out of order, not as a duplicate or a gap.
 */
export class DeliveryLedger {
  readonly latency = new Histogram();
  /** Latency since the last `takeWindow()`, for a long run's per-minute figures. */
  #window = new Histogram();
  delivered = 0;
  duplicates = 0;
  outOfOrder = 0;
  /** Markers that did not parse or named an unknown sender or sequence. */
  malformed = 0;
  firstAt = 0;
  lastAt = 0;
  /** When set, markers numbered `from` and up are also timed on their own (W7: those sent after a restart). */
  later: { from: number; latency: Histogram } | undefined;
  /** When set (W8), a marker whose sender posts in a room the receiver is not in counts as a stray, not a delivery. */
  accepts: ((receiver: number, sender: number) => boolean) | undefined;
  /** Markers a receiver was sent from a room it is not in. */
  strays = 0;
  readonly #words: number;
  readonly #seen: Uint32Array;
  readonly #highest: Int32Array;

  constructor(
    readonly maxReceivers: number,
    readonly senders: number,
    readonly maxSeq: number,
  ) {
    this.#words = Math.ceil((maxSeq + 1) / 32);
    this.#seen = new Uint32Array(maxReceivers * senders * this.#words);
    this.#highest = new Int32Array(maxReceivers * senders);
  }

  record(receiver: number, sender: number, seq: number, sentAt: number, now: number): void {
    if (sender >= this.senders || receiver >= this.maxReceivers || seq > this.maxSeq) {
      this.malformed++;
      return;
    }
    if (this.accepts && !this.accepts(receiver, sender)) {
      this.strays++;
      return;
    }
    const slot = receiver * this.senders + sender;
    const word = slot * this.#words + (seq >>> 5);
    const bit = 1 << (seq & 31);
    if (this.#seen[word]! & bit) {
      this.duplicates++;
      return;
    }
    this.#seen[word]! |= bit;
    if (seq < this.#highest[slot]!) this.outOfOrder++;
    else this.#highest[slot] = seq;
    this.delivered++;
    this.latency.record(now - sentAt);
    this.#window.record(now - sentAt);
    if (this.later && seq >= this.later.from) this.later.latency.record(now - sentAt);
    if (this.firstAt === 0) this.firstAt = now;
    this.lastAt = now;
  }

  /** The latency of deliveries since the previous call, and a fresh window from now on. */
  takeWindow(): SparseHistogram {
    const window = this.#window.toSparse();
    this.#window = new Histogram();
    return window;
  }
}

/** Per-connection scanner: carries a partial marker across reads. */
export class MarkerScanner {
  #carry: Buffer | undefined;

  constructor(
    readonly receiver: number,
    readonly ledger: DeliveryLedger,
  ) {}

  scan(chunk: Buffer): void {
    let buf = chunk;
    if (this.#carry) {
      buf = Buffer.concat([this.#carry, chunk]);
      this.#carry = undefined;
    }
    const n = buf.length;
    const now = wallMs();
    let from = 0;
    for (;;) {
      const p = buf.indexOf(START, from);
      if (p < 0) {
        if (n > 0 && buf[n - 1] === TILDE) this.#carry = Buffer.from(buf.subarray(n - 1));
        return;
      }
      let j = p + 2;
      let sender = 0;
      let digits = 0;
      while (j < n && buf[j]! >= 0x30 && buf[j]! <= 0x39) (sender = sender * 10 + buf[j]! - 0x30), j++, digits++;
      if (j >= n) return this.#keep(buf, p);
      if (buf[j] !== COLON || digits === 0) {
        this.ledger.malformed++;
        from = p + 2;
        continue;
      }
      j++;
      let seq = 0;
      digits = 0;
      while (j < n && buf[j]! >= 0x30 && buf[j]! <= 0x39) (seq = seq * 10 + buf[j]! - 0x30), j++, digits++;
      if (j >= n) return this.#keep(buf, p);
      if (buf[j] !== COLON || digits === 0) {
        this.ledger.malformed++;
        from = p + 2;
        continue;
      }
      j++;
      let at = 0;
      let scale = 0;
      while (j < n) {
        const c = buf[j]!;
        if (c >= 0x30 && c <= 0x39) {
          if (scale === 0) at = at * 10 + c - 0x30;
          else (at += (c - 0x30) * scale), (scale /= 10);
        } else if (c === DOT && scale === 0) scale = 0.1;
        else break;
        j++;
      }
      if (j >= n) return this.#keep(buf, p);
      if (buf[j] !== TILDE) {
        this.ledger.malformed++;
        from = p + 2;
        continue;
      }
      this.ledger.record(this.receiver, sender, seq, at, now);
      from = j + 1;
    }
  }

  #keep(buf: Buffer, from: number): void {
    // A marker is short; a long unterminated run is not one.
    if (buf.length - from < 64) this.#carry = Buffer.from(buf.subarray(from));
    else this.ledger.malformed++;
  }
}
