import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface StaticFile {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly type: string;
  readonly etag: string;
}

function load(path: string, type: string): StaticFile {
  const body = Uint8Array.from(readFileSync(path));
  return { body, type, etag: `"${Bun.hash(body).toString(36)}"` };
}

const js = "text/javascript; charset=utf-8";
const publicDir = new URL("../../public/", import.meta.url);

/**
 * Files the page loads, read once at start. htmx comes from node_modules (never a CDN:
 * the CSP allows scripts from this server only).
 */
export function loadStaticFiles(): ReadonlyMap<string, StaticFile> {
  const htmx = (file: string) => Bun.resolveSync(`htmx.org/dist/${file}`, import.meta.dir);
  return new Map([
    ["/htmx.js", load(htmx("htmx.js"), js)],
    ["/hx-sse.js", load(htmx("ext/hx-sse.js"), js)],
    ["/app.js", load(fileURLToPath(new URL("app.js", publicDir)), js)],
    ["/style.css", load(fileURLToPath(new URL("style.css", publicDir)), "text/css; charset=utf-8")],
    ["/favicon.svg", load(fileURLToPath(new URL("favicon.svg", publicDir)), "image/svg+xml")],
  ]);
}

/** Answers with the file, or 304 when the browser's copy is current (it revalidates every time). */
export function serveStatic(file: StaticFile, request: Request): Response {
  const headers = { "Content-Type": file.type, "Cache-Control": "no-cache", ETag: file.etag };
  if (request.headers.get("If-None-Match") === file.etag) return new Response(null, { status: 304, headers });
  return new Response(file.body, { headers });
}
