import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { S3FileStore, s3Options } from "../../src/files/s3-files.ts";
import { behavesAsAFileStore, bytesOf, sha256, streamOf } from "./file-store-behaviour.ts";

/** A real S3 server (s3rver, a Node program) on a free port, its bucket made at start. */
const dir = mkdtempSync(join(tmpdir(), "s3rver-"));
let server: Bun.Subprocess<"ignore", "pipe", "pipe"> | undefined;
let store: S3FileStore;
let port = 0;

beforeAll(async () => {
  const bin = resolve(import.meta.dir, "../../node_modules/s3rver/bin/s3rver.js");
  server = Bun.spawn(["node", bin, "-d", dir, "-a", "127.0.0.1", "-p", "0", "--configure-bucket", "uploads"], { stdout: "pipe", stderr: "pipe" });
  // s3rver logs the address it bound once listening: read the port from there.
  const reader = server.stdout.getReader();
  let seen = "";
  while (!port) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`s3rver exited: ${seen}${await new Response(server.stderr).text()}`);
    seen += new TextDecoder().decode(value);
    port = Number(/listening on[^\n]*?:(\d+)/i.exec(seen)?.[1] ?? 0);
  }
  reader.releaseLock();
  void server.stdout.pipeTo(new WritableStream()); // keep draining its log
  store = new S3FileStore({ endpoint: `http://127.0.0.1:${port}`, bucket: "uploads", prefix: "files/", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
});

afterAll(async () => {
  server?.kill();
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe("S3FileStore against s3rver", () => {
  behavesAsAFileStore(() => store);

  test("a 12 MB file goes up in parts and comes back the same; no temp object stays", async () => {
    const bytes = new Uint8Array(12 * 1024 * 1024).map((_, i) => (i * 7) % 253);
    const put = await store.put(streamOf(bytes, 256 * 1024), bytes.byteLength);
    expect(put.ok && put.value.hash).toBe(sha256(bytes));
    const opened = await store.open(sha256(bytes), { start: 10_000_000 });
    const tail = new Uint8Array(await new Response(opened!.body).arrayBuffer());
    expect(tail).toEqual(bytes.subarray(10_000_000));
    const listed = await new Bun.S3Client({ endpoint: `http://127.0.0.1:${port}`, bucket: "uploads", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }).list({ prefix: "files/tmp/" });
    expect(listed.contents ?? []).toEqual([]);
  });

  test("the prefix is where files go", async () => {
    const bytes = bytesOf("prefixed");
    await store.put(streamOf(bytes), 100);
    const plain = new S3FileStore({ endpoint: `http://127.0.0.1:${port}`, bucket: "uploads", prefix: "", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
    expect(await plain.has(sha256(bytes))).toBe(false);
    expect(await store.has(sha256(bytes))).toBe(true);
  });
});

describe("s3Options", () => {
  test("bucket and prefix from the URL, credentials and endpoint from the environment (S3_ before AWS_)", () => {
    const env = { AWS_ACCESS_KEY_ID: "aws-id", S3_ACCESS_KEY_ID: "s3-id", AWS_SECRET_ACCESS_KEY: "secret", S3_ENDPOINT: "http://127.0.0.1:9000" };
    expect(s3Options("s3://my-bucket/up/loads/", env)).toEqual({
      bucket: "my-bucket", prefix: "up/loads/", endpoint: "http://127.0.0.1:9000", accessKeyId: "s3-id", secretAccessKey: "secret", region: undefined,
    });
    expect(s3Options("s3://my-bucket", {}).prefix).toBe("");
    expect(() => s3Options("http://my-bucket/x", {})).toThrow();
    expect(() => s3Options("s3://../x", {})).toThrow();
  });
});
