/**
 * Chat text is one line of printable characters. Whatever a client sends is cleaned
 * here once, before it is recorded, so no renderer ever receives escape sequences,
 * control characters or bidi overrides from a user (renderers still guard their own output).
 */

/**
 * Characters that are not text anywhere: C0 controls, DEL and C1 controls; the line and
 * paragraph separators (some terminals and pages break lines at them); the blank Braille
 * pattern, which shows as a space that is none; the interlinear annotation marks; and every default-ignorable code point
 * (Unicode's own list: bidi marks and overrides, zero-width spaces, fillers, tag
 * characters, variation selectors...), which show nothing, so two different strings look
 * the same. Kept: the zero-width non-joiner (Persian and Indic scripts need it), the
 * joiner and the emoji presentation selectors, which `withoutControls` keeps only where
 * they belong.
 */
export const NOT_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u2800\ufff9-\ufffb]|(?![\u200c\u200d\ufe0e\ufe0f])\p{Default_Ignorable_Code_Point}/u;

/** A subdivision flag (🏴 and tag letters, ended by the cancel tag: England, Scotland, Wales): tags that show. */
const SUBDIVISION_FLAG = /\u{1F3F4}[\u{E0061}-\u{E007A}]{2,6}\u{E007F}/u;

/**
 * What `withoutControls` takes out, in the second group; what the first alternatives match
 * stays: a subdivision flag whole, and a presentation selector after a visible character.
 */
const HIDDEN = new RegExp(`${SUBDIVISION_FLAG.source}|(?<=\\S)[\\ufe0e\\ufe0f]|(${NOT_TEXT.source}|[\\ufe0e\\ufe0f])`, "gu");

/** A zero-width joiner is text only inside an emoji sequence (👨‍👩‍👧); anywhere else it hides. */
const STRAY_JOINER = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** Removes escape sequences and everything in `NOT_TEXT`; tabs become spaces. */
export function withoutControls(raw: string): string {
  return Bun.stripANSI(raw).replace(/\t/g, " ").replace(HIDDEN, (shown, hidden?: string) => (hidden === undefined ? shown : ""));
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
