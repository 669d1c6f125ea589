import { randomUUID } from "node:crypto";
import { fail, ok, type Result } from "../chat/result.ts";
import { chunksOf, isFileHash, rangeBounds, type ByteRange, type FileStore, type StoredFile } from "../stores/file-store.ts";
import { HeadHasher } from "./head-hasher.ts";

export interface S3FileOptions {
  /** http(s)://host:port of an S3-compatible service; undefined for AWS itself. */
  readonly endpoint?: string;
  readonly bucket: string;
  /** Prepended to every key ("uploads/" or ""), so one bucket can hold other things too. */
  readonly prefix: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly region?: string;
}

/**
 * The options of `s3://bucket/some/prefix`, the credentials, endpoint and region taken
 * from the environment (S3_* first, then AWS_*, the names Bun's client and the AWS tools read).
 */
export function s3Options(url: string, env: Record<string, string | undefined> = process.env): S3FileOptions {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error(`Not an S3 location (s3://bucket/prefix): ${url}`);
  const path = (match[2] ?? "").replace(/^\/+|\/+$/g, "");
  const pick = (name: string) => env[`S3_${name}`] ?? env[`AWS_${name}`];
  return {
    bucket: match[1]!,
    prefix: path ? `${path}/` : "",
    endpoint: pick("ENDPOINT") ?? env.AWS_ENDPOINT_URL,
    accessKeyId: pick("ACCESS_KEY_ID"),
    secretAccessKey: pick("SECRET_ACCESS_KEY"),
    region: pick("REGION"),
  };
}

/**
 * Files in an S3 bucket, at `prefix + hash`. An upload streams to `prefix + "tmp/" + uuid`
 * by multipart upload while it is hashed (its name is known only at the end), then is
 * copied to its hash and the temp object deleted. An S3 object appears only once its
 * upload completes, so a crash never leaves a half file under a hash; a crash between
 * copy and delete leaves a temp object, which no hash names (a lifecycle rule on
 * `tmp/` can sweep those).
 */
export class S3FileStore implements FileStore {
  readonly #client: Bun.S3Client;
  readonly #prefix: string;

  constructor(options: S3FileOptions) {
    this.#prefix = options.prefix;
    this.#client = new Bun.S3Client({
      bucket: options.bucket,
      endpoint: options.endpoint,
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      region: options.region,
    });
  }

  async put(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Result<StoredFile>> {
    const temp = this.#client.file(`${this.#prefix}tmp/${randomUUID()}`);
    const counted = new HeadHasher(maxBytes);
    // 5 MB parts, the smallest S3 accepts: that much is held per upload, never the whole file.
    const writer = temp.writer({ partSize: 5 * 1024 * 1024, retry: 2 });
    let refused = false;
    try {
      for await (const chunk of chunksOf(body)) {
        if (!counted.take(chunk)) {
          refused = true;
          break;
        }
        writer.write(chunk);
        await writer.flush();
      }
      await writer.end();
      if (refused) return fail("too-large", `The file is over ${maxBytes} bytes.`);
      const file = counted.finish();
      const target = this.#client.file(this.#key(file.hash)!);
      if (!(await target.exists())) await target.write(temp);
      return ok(file);
    } catch (error) {
      return fail("store-unavailable", `The file store failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await temp.delete().catch(() => {});
    }
  }

  async open(hash: string, range?: ByteRange) {
    const key = this.#key(hash);
    if (!key) return undefined;
    const file = this.#client.file(key);
    const size = await file.stat().then((s) => s.size, () => undefined);
    if (size === undefined) return undefined;
    const [start, end] = rangeBounds(size, range);
    // An empty slice would ask S3 for no range at all (the whole file): answer it here.
    const body = start === end ? new Blob([]).stream() : file.slice(start, end).stream();
    return { body, size };
  }

  async remove(hash: string): Promise<void> {
    const key = this.#key(hash);
    if (key) await this.#client.delete(key);
  }

  async has(hash: string): Promise<boolean> {
    const key = this.#key(hash);
    return key !== undefined && (await this.#client.exists(key));
  }

  async close(): Promise<void> {}

  #key(hash: string): string | undefined {
    return isFileHash(hash) ? this.#prefix + hash : undefined;
  }
}
