import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { fail, ok, type Result } from "../chat/result.ts";
import { chunksOf, isFileHash, rangeBounds, type ByteRange, type FileStore, type StoredFile } from "../stores/file-store.ts";
import { HeadHasher } from "./head-hasher.ts";

/**
 * Files on a disk, under `dir/ab/abcdef…` (fanned out by the hash's first two hex digits,
 * so no folder grows to millions of entries). An upload is written to `dir/tmp/` first,
 * synced, then renamed into place: a rename is atomic on one file system, so after a
 * `kill -9` a hash names either all its bytes or nothing, and the leftover temp files are
 * swept at the next start.
 */
export class DiskFileStore implements FileStore {
  readonly #tmp: string;

  constructor(private readonly dir: string) {
    this.#tmp = join(dir, "tmp");
    // Whatever is in tmp/ was being written when the last process died: never accepted.
    rmSync(this.#tmp, { recursive: true, force: true });
    mkdirSync(this.#tmp, { recursive: true });
  }

  async put(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Result<StoredFile>> {
    const temp = join(this.#tmp, randomUUID());
    const counted = new HeadHasher(maxBytes);
    const handle = await open(temp, "wx");
    let kept = false;
    try {
      for await (const chunk of chunksOf(body)) {
        if (!counted.take(chunk)) return fail("too-large", `The file is over ${maxBytes} bytes.`);
        await handle.write(chunk);
      }
      await handle.sync();
      await handle.close();
      const file = counted.finish();
      const folder = join(this.dir, file.hash.slice(0, 2));
      await mkdir(folder, { recursive: true });
      // Renaming over an existing copy is harmless: the same name means the same bytes.
      await rename(temp, join(folder, file.hash));
      kept = true;
      await syncDirectory(folder);
      return ok(file);
    } finally {
      await handle.close().catch(() => {});
      if (!kept) await rm(temp, { force: true });
    }
  }

  async open(hash: string, range?: ByteRange) {
    const path = this.#path(hash);
    if (!path) return undefined;
    const size = await stat(path).then((s) => s.size, () => undefined);
    if (size === undefined) return undefined;
    const [start, end] = rangeBounds(size, range);
    return { body: Bun.file(path).slice(start, end).stream(), size };
  }

  async remove(hash: string): Promise<void> {
    const path = this.#path(hash);
    if (path) await rm(path, { force: true });
  }

  async has(hash: string): Promise<boolean> {
    const path = this.#path(hash);
    return path !== undefined && (await stat(path).then((s) => s.isFile(), () => false));
  }

  async close(): Promise<void> {}

  /** Where `hash` lives; undefined for anything that is not a hash (so no `../` reaches the disk). */
  #path(hash: string): string | undefined {
    return isFileHash(hash) ? join(this.dir, hash.slice(0, 2), hash) : undefined;
  }
}

/** Syncs a folder, so that a rename into it survives a power cut and not only a crash. */
async function syncDirectory(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
