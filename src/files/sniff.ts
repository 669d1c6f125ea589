/**
 * A file's type from its first bytes, never from what the client claims: a browser shown
 * an HTML or SVG "image" inline would run its scripts on our origin. Only the types in
 * `INLINE_TYPES` may be shown inline; everything else is served as a download.
 */

/** How many first bytes `sniffType` needs: the longest check reads 12; text is judged on up to this much. */
export const SNIFF_BYTES = 4096;

/** Plain images a browser renders without running anything. SVG is NOT one: it carries script. */
export const INLINE_TYPES: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export const isInlineType = (type: string): boolean => INLINE_TYPES.has(type);

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export function sniffType(bytes: Uint8Array): string {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "image/gif";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(head, ascii("%PDF-"))) return "application/pdf";
  const text = decodeText(head, bytes.length > head.length);
  if (text === undefined) return "application/octet-stream";
  // Markup is recognised anywhere near the start (after a BOM, blanks, an XML prolog or
  // comments), as browsers do when they sniff, so that it is never mistaken for plain text.
  const start = text.replace(/^\uFEFF/, "").trimStart().slice(0, 1024).toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(start)) return "image/svg+xml";
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype html|html|head|body|script|iframe|div|p|a|table|style|title|meta)[\s>]/.test(start)) return "text/html";
  return "text/plain";
}

/**
 * The bytes as text when they are valid UTF-8 without control characters (but tab, line
 * breaks, form feed); undefined otherwise. When the head was cut from a longer file, a
 * sequence cut at its end is no fault.
 */
function decodeText(head: Uint8Array, cut: boolean): string | undefined {
  if (head.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(cut ? trimCutSequence(head) : head);
  } catch {
    return undefined;
  }
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/** `head` without a UTF-8 sequence begun in its last 3 bytes but not finished there. */
function trimCutSequence(head: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, head.length); back++) {
    const byte = head[head.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? head.subarray(0, head.length - back) : head;
  }
  return head;
}
