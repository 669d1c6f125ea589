/**
 * Characters that are not text on a terminal: C0 controls, DEL, C1 controls, the bidi
 * marks, embeddings, overrides and isolates (which could reorder the server's own text
 * around them), and the Unicode line/paragraph separators some terminals treat as line breaks.
 */
export const NOT_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

const ALL_NOT_TEXT = new RegExp(NOT_TEXT.source, "g");

/**
 * Makes a string safe to print on someone's terminal: it can no longer move the cursor,
 * change colours, set the title, write the clipboard, ring the bell or reorder text.
 * The chat already cleans what users send; this is the transport's own guard on
 * everything it prints.
 */
export function terminalSafe(text: string): string {
  return Bun.stripANSI(text).replace(/\t/g, " ").replace(ALL_NOT_TEXT, "");
}
