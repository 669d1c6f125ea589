import { SNIFF_BYTES, sniffType } from "./sniff.ts";

/**
 * What every engine does to the bytes as they stream by: counts them (refusing past the
 * limit), hashes them (sha256) and keeps only the first few for sniffing the type, so a
 * file of any size is never held whole.
 */
export class HeadHasher {
  readonly #hasher = new Bun.CryptoHasher("sha256");
  readonly #head = new Uint8Array(SNIFF_BYTES);
  #headLength = 0;
  size = 0;

  constructor(private readonly maxBytes: number) {}

  /** Takes a chunk; false once the file is over the limit (the chunk is then not taken). */
  take(chunk: Uint8Array): boolean {
    if (this.size + chunk.byteLength > this.maxBytes) return false;
    this.size += chunk.byteLength;
    this.#hasher.update(chunk);
    const room = SNIFF_BYTES - this.#headLength;
    if (room > 0) {
      const part = chunk.subarray(0, room);
      this.#head.set(part, this.#headLength);
      this.#headLength += part.byteLength;
    }
    return true;
  }

  /** The hash and sniffed type, once all chunks are taken. */
  finish(): { hash: string; size: number; type: string } {
    // The sniffer is told the file went on past its head, so a cut UTF-8 sequence is no fault.
    const head = this.#head.subarray(0, this.#headLength);
    const type = sniffType(this.size > this.#headLength ? withMore(head) : head);
    return { hash: this.#hasher.digest("hex"), size: this.size, type };
  }
}

/** `head` with one more byte after it, so that `sniffType` sees the file was longer than its head. */
function withMore(head: Uint8Array): Uint8Array {
  const longer = new Uint8Array(head.byteLength + 1);
  longer.set(head);
  return longer;
}
