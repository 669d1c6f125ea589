import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { loadStaticFiles, serveStatic } from "../../src/web/static-files.ts";
import { tempDir } from "../helpers/server-process.ts";
import { useTestWeb } from "./helpers.ts";

const scene = useTestWeb();
const publicDir = join(import.meta.dir, "../../public");
const htmxFile = (name: string) => Bun.file(Bun.resolveSync(`htmx.org/dist/${name}`, import.meta.dir));

/** GET `path` as sent, with `Accept-Encoding: acceptEncoding` (none if undefined), body not decoded. */
function rawGet(base: string, path: string, acceptEncoding?: string, headers: Record<string, string> = {}) {
  return fetch(base + path, {
    // Bun's fetch decodes (and asks for br, gzip...) unless told not to; then it sends no Accept-Encoding.
    decompress: false,
    headers: { ...(acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding }), ...headers },
  });
}

async function decoded(response: Response): Promise<string> {
  const body = new Uint8Array(await response.arrayBuffer());
  switch (response.headers.get("content-encoding")) {
    case "br":
      return new TextDecoder().decode(brotliDecompressSync(body));
    case "gzip":
      return new TextDecoder().decode(Bun.gunzipSync(body));
    case null:
      return new TextDecoder().decode(body);
    default:
      throw new Error(`unexpected encoding ${response.headers.get("content-encoding")}`);
  }
}

describe("static files", () => {
  test("htmx and its SSE extension are served minified", async () => {
    const { base } = scene.start();
    expect(await decoded(await rawGet(base, "/htmx.js"))).toBe(await htmxFile("htmx.min.js").text());
    expect(await decoded(await rawGet(base, "/hx-sse.js"))).toBe(await htmxFile("ext/hx-sse.min.js").text());
  });

  test("every file in public/ is served under its own name with its type", async () => {
    const { base } = scene.start();
    for (const name of readdirSync(publicDir)) {
      const response = await rawGet(base, `/${name}`);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      expect(response.headers.get("content-type")).toBe(Bun.file(join(publicDir, name)).type);
      expect(await response.text()).toBe(await Bun.file(join(publicDir, name)).text());
    }
  });

  test("a file added to the public folder is served without naming it in the code", async () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir.path, "client.js"), "console.log('renamed');\n");
      mkdirSync(join(dir.path, "icons"));
      writeFileSync(join(dir.path, "icons", "dot.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
      writeFileSync(join(dir.path, ".client.js.swp"), "an editor's file");
      const files = loadStaticFiles(dir.path);
      const js = files.get("/client.js")!;
      expect(js).toBeDefined();
      const response = serveStatic(js, new Request("http://localhost/client.js"));
      expect(await response.text()).toBe("console.log('renamed');\n");
      expect(response.headers.get("content-type")).toContain("text/javascript");
      expect(files.get("/icons/dot.svg")).toBeDefined();
      expect(files.has("/.client.js.swp")).toBe(false);
    } finally {
      dir.cleanup();
    }
  });

  test("text is compressed once and sent as the browser accepts it: brotli, else gzip, else as is", async () => {
    const { base } = scene.start();
    const original = await htmxFile("htmx.min.js").text();
    const cases = [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip, deflate", "gzip"],
      ["br;q=0, gzip;q=0.5", "gzip"],
      ["*", "br"],
      ["identity", null],
      ["br;q=0, gzip;q=0", null],
      [undefined, null],
    ] as const;
    for (const [accept, encoding] of cases) {
      const response = await rawGet(base, "/htmx.js", accept);
      expect({ accept, encoding: response.headers.get("content-encoding") }).toEqual({ accept, encoding });
      expect(response.headers.get("vary")).toContain("Accept-Encoding");
      const length = Number(response.headers.get("content-length"));
      if (encoding) expect(length).toBeLessThan(original.length / 2);
      expect(await decoded(response)).toBe(original);
    }
  });

  test("each encoding has its own ETag, and a browser's current copy is answered 304", async () => {
    const { base } = scene.start();
    const br = await rawGet(base, "/style.css", "br, gzip");
    const plain = await rawGet(base, "/style.css");
    const brTag = br.headers.get("etag")!;
    const plainTag = plain.headers.get("etag")!;
    expect(brTag).toBeTruthy();
    expect(plainTag).toBeTruthy();
    expect(brTag).not.toBe(plainTag);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("cache-control")).toBe("no-cache");

    const again = await rawGet(base, "/style.css", "br, gzip", { "If-None-Match": brTag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(brTag);
    expect(await again.text()).toBe("");
    // A proxy that weakened the tag, or a list of tags, still matches.
    expect((await rawGet(base, "/style.css", "br", { "If-None-Match": `"x", W/${brTag}` })).status).toBe(304);
    // The other encoding's tag does not: that copy is not what would be sent.
    expect((await rawGet(base, "/style.css", undefined, { "If-None-Match": brTag })).status).toBe(200);
  });

  test("static files carry the same security headers as pages", async () => {
    const { base } = scene.start();
    for (const path of ["/favicon.svg", "/htmx.js", "/style.css"]) {
      const response = await rawGet(base, path);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    }
  });

  test("a first load fetches under 30 KB of script from a browser that accepts brotli", async () => {
    const { base } = scene.start();
    const page = await (await fetch(base + "/")).text();
    // The page's scripts, and the modules they import (each once).
    const scripts = [...page.matchAll(/<script (?:type="module" )?src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    let bytes = 0;
    const fetched = new Set<string>();
    for (let src = scripts.shift(); src !== undefined; src = scripts.shift()) {
      if (fetched.has(src)) continue;
      fetched.add(src);
      bytes += (await (await rawGet(base, src, "gzip, deflate, br, zstd")).arrayBuffer()).byteLength;
      const text = await (await fetch(base + src)).text();
      for (const [, imported] of text.matchAll(/^import [^;]+ from "\.\/([^"]+)";$/gm)) scripts.push(`/${imported}`);
    }
    expect(fetched).toContain("/lines.js");
    expect(bytes).toBeLessThan(30_000);
  });
});
