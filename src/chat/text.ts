/**
 * Chat text is one line of printable characters. Whatever a client sends is cleaned
 * here once, before it is recorded, so no renderer ever receives escape sequences,
 * control characters or bidi overrides from a user (renderers still guard their own output).
 */

// C0 controls, DEL, C1 controls, and the bidi embedding/override/isolate characters.
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function cleanText(raw: string): string {
  return Bun.stripANSI(raw).replace(/\t/g, " ").replace(UNPRINTABLE, "").trim();
}

/** Length in UTF-8 bytes, the unit of `--max-line`. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
