/**
 * Chat text is one line of printable characters. Whatever a client sends is cleaned
 * here once, before it is recorded, so no renderer ever receives escape sequences,
 * control characters or bidi overrides from a user (renderers still guard their own output).
 */

/**
 * Characters that are not text anywhere: C0 controls, DEL and C1 controls; the bidi marks,
 * embeddings, overrides and isolates (they reorder the text around them); the line and
 * paragraph separators (some terminals and pages break lines at them); and characters
 * that show nothing (zero-width space, word joiner, soft hyphen, byte-order mark, Hangul
 * fillers...), with which two different strings look the same. The zero-width non-joiner
 * stays: Persian and Indic scripts need it.
 */
export const NOT_TEXT =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb]/;

const ALL_NOT_TEXT = new RegExp(NOT_TEXT.source, "g");

/** A zero-width joiner is text only inside an emoji sequence (👨‍👩‍👧); anywhere else it hides. */
const STRAY_JOINER = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** Removes escape sequences and everything in `NOT_TEXT`; tabs become spaces. */
export function withoutControls(raw: string): string {
  return Bun.stripANSI(raw).replace(/\t/g, " ").replace(ALL_NOT_TEXT, "");
}

/** What a user's line becomes before it is recorded: printable text, trimmed. */
export function cleanText(raw: string): string {
  return withoutControls(raw).replace(STRAY_JOINER, "").trim();
}

/** Length in UTF-8 bytes, the unit of `--max-line`. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** `word rest of line` → [word, rest]. */
export function splitFirst(text: string): [string, string] {
  const [, first = "", rest = ""] = /^(\S*)\s*(.*)$/s.exec(text.trim()) ?? [];
  return [first, rest];
}
