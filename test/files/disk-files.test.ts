import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskFileStore } from "../../src/files/disk-files.ts";
import { behavesAsAFileStore, bytesOf, sha256, streamOf } from "./file-store-behaviour.ts";

const dir = mkdtempSync(join(tmpdir(), "disk-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("DiskFileStore", () => {
  const store = new DiskFileStore(dir);
  behavesAsAFileStore(() => store);

  test("files fan out by the hash's first two digits, and nothing is left in tmp/", async () => {
    const bytes = bytesOf("fan out");
    await store.put(streamOf(bytes), 100);
    const hash = sha256(bytes);
    expect(existsSync(join(dir, hash.slice(0, 2), hash))).toBe(true);
    const refused = await store.put(streamOf(new Uint8Array(300), 100), 100);
    expect(refused.ok).toBe(false);
    expect(readdirSync(join(dir, "tmp"))).toEqual([]);
  });

  test("a temp file left by a crash is never a file, and is swept at the next start", async () => {
    const bytes = bytesOf("half written");
    const hash = sha256(bytes);
    writeFileSync(join(dir, "tmp", hash), bytes.subarray(0, 4));
    expect(await store.has(hash)).toBe(false);
    const restarted = new DiskFileStore(dir);
    expect(readdirSync(join(dir, "tmp"))).toEqual([]);
    expect(await restarted.has(sha256(bytesOf("fan out")))).toBe(true);
  });

  test("an upload killed with -9 midway leaves no file, and its temp file is swept at the next start", async () => {
    const crashDir = mkdtempSync(join(tmpdir(), "disk-crash-"));
    try {
      const child = Bun.spawn([process.execPath, join(import.meta.dir, "crashing-upload.ts"), crashDir], { stdout: "pipe" });
      const reader = child.stdout.getReader();
      let said = "";
      while (!said.includes("sent")) {
        const { done, value } = await reader.read();
        if (done) break;
        said += new TextDecoder().decode(value);
      }
      child.kill("SIGKILL");
      expect(await child.exited).not.toBe(0);
      const temps = readdirSync(join(crashDir, "tmp"));
      expect(temps.length).toBe(1); // the half upload is there, and nowhere else
      expect(readdirSync(crashDir).filter((name) => name !== "tmp")).toEqual([]);
      new DiskFileStore(crashDir);
      expect(readdirSync(join(crashDir, "tmp"))).toEqual([]);
    } finally {
      rmSync(crashDir, { recursive: true, force: true });
    }
  });

  test("a bad hash never reaches the disk", async () => {
    mkdirSync(join(dir, "..", "outside-" + process.pid), { recursive: true });
    const outside = join("..", "outside-" + process.pid);
    await store.remove(outside);
    expect(existsSync(join(dir, outside))).toBe(true);
    rmSync(join(dir, outside), { recursive: true });
  });

  test("a 64 MB file streams through without being held: RSS grows far less than its size", async () => {
    const size = 64 * 1024 * 1024;
    const chunk = new Uint8Array(64 * 1024).map((_, i) => (i * 31) % 251);
    const hasher = new Bun.CryptoHasher("sha256");
    let sent = 0;
    // The same chunk over and over: the test itself holds 64 KB, not 64 MB.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= size) return controller.close();
        hasher.update(chunk);
        controller.enqueue(chunk.slice());
        sent += chunk.byteLength;
      },
    });
    Bun.gc(true);
    const before = process.memoryUsage().rss;
    const put = await store.put(body, size);
    Bun.gc(true);
    const growth = process.memoryUsage().rss - before;
    console.log(`put ${size / 1048576} MB: RSS grew ${(growth / 1048576).toFixed(1)} MB`);
    const hash = hasher.digest("hex");
    expect(put.ok && put.value.hash).toBe(hash);
    expect(growth).toBeLessThan(size / 4);
    let read = 0;
    const opened = await store.open(hash);
    const reader = opened!.body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) read += r.value.byteLength;
    expect(read).toBe(size);
  });
});
