import { expect, test } from "bun:test";
import type { FileStore } from "../../src/stores/file-store.ts";

/** A body that arrives in chunks, as an upload does. */
export function streamOf(bytes: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

export const bytesOf = (text: string) => new TextEncoder().encode(text);
export const sha256 = (bytes: Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
const read = async (body: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(body).arrayBuffer());
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

/** What every FileStore does the same, whatever keeps the bytes: each engine's test file runs it. */
export function behavesAsAFileStore(store: () => FileStore) {
  test("a file put comes back whole, named by its sha256, its type sniffed", async () => {
    const bytes = bytesOf("hello, files\n");
    const put = await store().put(streamOf(bytes), 1000);
    expect(put).toEqual({ ok: true, value: { hash: sha256(bytes), size: bytes.byteLength, type: "text/plain" } });
    const opened = await store().open(sha256(bytes));
    expect(opened?.size).toBe(bytes.byteLength);
    expect(await read(opened!.body)).toEqual(bytes);
    expect(await store().has(sha256(bytes))).toBe(true);
  });

  test("the same content twice is one file; the type comes from the bytes", async () => {
    const first = await store().put(streamOf(PNG, 3), 1000);
    const second = await store().put(streamOf(PNG), 1000);
    expect(first).toEqual(second);
    expect(first.ok && first.value.type).toBe("image/png");
  });

  test("over the limit is refused as too-large, and nothing is kept", async () => {
    const bytes = new Uint8Array(5000).fill(7);
    const put = await store().put(streamOf(bytes, 1000), 4999);
    expect(put.ok).toBe(false);
    expect(!put.ok && put.error.code).toBe("too-large");
    expect(await store().has(sha256(bytes))).toBe(false);
    expect(await store().open(sha256(bytes))).toBeUndefined();
    const exact = await store().put(streamOf(bytes, 1000), 5000);
    expect(exact.ok).toBe(true);
  });

  test("a range gives those bytes, inclusive, clamped to the file, with the whole size", async () => {
    const bytes = bytesOf("0123456789abcdefghij");
    const put = await store().put(streamOf(bytes, 4), 1000);
    const hash = put.ok ? put.value.hash : "";
    const part = await store().open(hash, { start: 5, end: 9 });
    expect(part?.size).toBe(20);
    expect(new TextDecoder().decode(await read(part!.body))).toBe("56789");
    const tail = await store().open(hash, { start: 15 });
    expect(new TextDecoder().decode(await read(tail!.body))).toBe("fghij");
    const over = await store().open(hash, { start: 18, end: 100 });
    expect(new TextDecoder().decode(await read(over!.body))).toBe("ij");
  });

  test("remove forgets a file; a missing or malformed hash opens nothing", async () => {
    const bytes = bytesOf("to be removed");
    await store().put(streamOf(bytes), 1000);
    await store().remove(sha256(bytes));
    expect(await store().has(sha256(bytes))).toBe(false);
    expect(await store().open(sha256(bytes))).toBeUndefined();
    await store().remove(sha256(bytes)); // twice is no error
    for (const bad of ["../../etc/passwd", "AB".repeat(32), "a".repeat(63), "a".repeat(64) + "/x", ""]) {
      expect(await store().open(bad)).toBeUndefined();
      expect(await store().has(bad)).toBe(false);
    }
  });

  test("an empty file is a file", async () => {
    const put = await store().put(streamOf(new Uint8Array(0)), 10);
    expect(put).toEqual({ ok: true, value: { hash: sha256(new Uint8Array(0)), size: 0, type: "application/octet-stream" } });
    const opened = await store().open(sha256(new Uint8Array(0)));
    expect(opened?.size).toBe(0);
    expect((await read(opened!.body)).byteLength).toBe(0);
  });
}
