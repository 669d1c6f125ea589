// C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, and the Unicode
// line/paragraph separators some terminals treat as line breaks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes a string safe to print on someone's terminal: it can no longer move the cursor,
 * change colours, set the title, ring the bell or reorder text. The chat already cleans
 * what users send; this is the transport's own guard on everything it prints.
 */
export function terminalSafe(text: string): string {
  return Bun.stripANSI(text).replace(/\t/g, " ").replace(UNSAFE, "");
}
