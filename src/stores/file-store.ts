import { fail, ok, type Result } from "../chat/result.ts";
import { sniffType } from "../files/sniff.ts";

/**
 * Where uploaded files are kept, named by the sha256 of their bytes: the same content
 * stored twice is stored once, and a name can never point at other bytes than it says.
 * `MemoryFileStore` (below) is for fast tests; the disk and S3 engines live in src/files.
 */


export interface StoredFile {
  /** The sha256 of the bytes, 64 lowercase hex: the file's name in the store. */
  readonly hash: string;
  readonly size: number;
  /** Sniffed from the first bytes (src/files/sniff.ts), never taken from the client, who may lie. */
  readonly type: string;
}

/** Bytes `start` to `end` inclusive, as HTTP ranges count; `end` defaults to the last byte. */
export interface ByteRange {
  readonly start: number;
  readonly end?: number;
}

export interface FileStore {
  /**
   * Stores `body`, hashing it as it streams so that no whole file is ever held in memory;
   * refuses ("too-large") once more than `maxBytes` arrive, leaving nothing behind. The
   * file counts only once all its bytes are durable (written, synced, renamed into
   * place), so a crash never leaves a half file under a hash.
   */
  put(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Result<StoredFile>>;
  /**
   * The bytes of `hash` (those of `range` only when given, clamped to the file), and the
   * whole file's size (for Content-Range); undefined when there is no such file, or the
   * name is not a hash at all.
   */
  open(hash: string, range?: ByteRange): Promise<{ body: ReadableStream<Uint8Array>; size: number } | undefined>;
  /** Forgets `hash`; nothing happens when it is not there. */
  remove(hash: string): Promise<void>;
  has(hash: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A hash as the stores name files: anything else (a path, `..`) is refused before it reaches a disk or a bucket. */
export const isFileHash = (hash: string): boolean => /^[0-9a-f]{64}$/.test(hash);

/** The bytes of `range` within a file of `size` bytes, as [start, end) for slicing: clamped, and empty when past the end. */
export function rangeBounds(size: number, range?: ByteRange): [number, number] {
  if (!range) return [0, size];
  const start = Math.min(Math.max(0, range.start), size);
  const end = Math.min(range.end === undefined ? size : range.end + 1, size);
  return [start, Math.max(start, end)];
}


/**
 * Files in memory, for fast tests of the routes: the same answers as the disk and S3
 * stores (test/files/file-store-behaviour.ts holds all three to them), but it holds each
 * whole file, which is what the real stores must not do.
 */
export class MemoryFileStore implements FileStore {
  readonly #files = new Map<string, { bytes: Uint8Array; type: string }>();

  async put(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Result<StoredFile>> {
    const hasher = new Bun.CryptoHasher("sha256");
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of chunksOf(body)) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        return fail("too-large", `The file is over ${maxBytes} bytes.`);
      }
      hasher.update(chunk);
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    const hash = hasher.digest("hex");
    const type = sniffType(bytes);
    if (!this.#files.has(hash)) this.#files.set(hash, { bytes, type });
    return ok({ hash, size, type });
  }

  async open(hash: string, range?: ByteRange) {
    const file = isFileHash(hash) ? this.#files.get(hash) : undefined;
    if (!file) return undefined;
    const [start, end] = rangeBounds(file.bytes.byteLength, range);
    const bytes = file.bytes.slice(start, end);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (bytes.byteLength > 0) controller.enqueue(bytes);
        controller.close();
      },
    });
    return { body, size: file.bytes.byteLength };
  }

  async remove(hash: string): Promise<void> {
    this.#files.delete(hash);
  }

  async has(hash: string): Promise<boolean> {
    return isFileHash(hash) && this.#files.has(hash);
  }

  async close(): Promise<void> {}
}

/** The chunks of `body`, read one at a time (TypeScript's DOM types give streams no async iterator). */
export async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Cancels an unfinished body (a refused upload), so the sender stops sending.
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
