import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";

/** One way of sending a file: as it is, or compressed with one content coding. */
interface Variant {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly etag: string;
  readonly encoding?: "br" | "gzip";
}

/** A file the page loads, read and compressed once. */
export interface StaticFile {
  readonly type: string;
  /** The compressed variants, smallest coding first, then the file as it is. */
  readonly variants: readonly Variant[];
}

const PUBLIC_DIR = fileURLToPath(new URL("../../public/", import.meta.url));
/** Types worth compressing; images other than SVG and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml)|image\/svg\+xml)/;
const loaded = new Map<string, ReadonlyMap<string, StaticFile>>();

/**
 * The files the page loads, by URL path: every file under `publicDir` by its own name (so a
 * file added or renamed there needs no change here; dotfiles are left out), and htmx's
 * minified build from node_modules (never a CDN: the CSP allows scripts from this server
 * only). Read and compressed once per process: brotli at its best level takes ~0.1 s.
 */
export function loadStaticFiles(publicDir = PUBLIC_DIR): ReadonlyMap<string, StaticFile> {
  let files = loaded.get(publicDir);
  if (!files) {
    const htmx = (file: string) => Bun.resolveSync(`htmx.org/dist/${file}`, import.meta.dir);
    const paths = new Map<string, string>();
    for (const relative of readdirSync(publicDir, { recursive: true, encoding: "utf8" })) {
      const path = join(publicDir, relative);
      const segments = relative.split(sep);
      if (segments.some((s) => s.startsWith(".")) || !statSync(path).isFile()) continue;
      paths.set("/" + segments.join("/"), path);
    }
    paths.set("/htmx.js", htmx("htmx.min.js"));
    paths.set("/hx-sse.js", htmx("ext/hx-sse.min.js"));
    files = new Map([...paths].map(([url, path]) => [url, load(path)]));
    loaded.set(publicDir, files);
  }
  return files;
}

function load(path: string): StaticFile {
  const body = Uint8Array.from(readFileSync(path));
  const type = Bun.file(path).type;
  const hash = Bun.hash(body).toString(36);
  const plain: Variant = { body, etag: `"${hash}"` };
  if (!COMPRESSIBLE.test(type)) return { type, variants: [plain] };
  const compressed: Variant[] = [
    {
      body: Uint8Array.from(
        brotliCompressSync(body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        }),
      ),
      etag: `"${hash}-br"`,
      encoding: "br",
    },
    { body: Bun.gzipSync(body, { level: 9 }), etag: `"${hash}-gz"`, encoding: "gzip" },
  ];
  return { type, variants: [...compressed.filter((v) => v.body.length < body.length), plain] };
}

/**
 * Answers with the smallest variant the browser accepts, or 304 when its copy of that
 * variant is current. `no-cache`: the URLs carry no version, so browsers revalidate each
 * time (one small request per file) and never run a stale script after an upgrade.
 */
export function serveStatic(file: StaticFile, request: Request): Response {
  const accepts = acceptedCodings(request.headers.get("Accept-Encoding"));
  const variant = file.variants.find((v) => !v.encoding || accepts(v.encoding))!;
  const headers: Record<string, string> = {
    "Content-Type": file.type,
    "Cache-Control": "no-cache",
    ETag: variant.etag,
    Vary: "Accept-Encoding",
  };
  if (variant.encoding) headers["Content-Encoding"] = variant.encoding;
  if (matches(request.headers.get("If-None-Match"), variant.etag)) return new Response(null, { status: 304, headers });
  return new Response(variant.body, { headers });
}

/** Whether an `Accept-Encoding` header allows a coding (`br;q=0` refuses it; `*` stands for the unnamed). */
function acceptedCodings(header: string | null): (coding: string) => boolean {
  const weights = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.split(";").map((p) => p.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith("q="));
    weights.set(name, q ? Number(q.slice(2)) : 1);
  }
  return (coding) => (weights.get(coding) ?? weights.get("*") ?? 0) > 0;
}

/** Whether `If-None-Match` names `etag`, compared weakly (a proxy that compressed may have added `W/`). */
function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const bare = tag.trim().replace(/^W\//, "");
    return bare === "*" || bare === etag;
  });
}
