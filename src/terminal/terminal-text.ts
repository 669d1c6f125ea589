import { withoutControls } from "../chat/index.ts";

/** One character that is not text (see the chat's own definition): the line editor drops it as typed. */
export { NOT_TEXT } from "../chat/index.ts";

/**
 * Makes a string safe to print on someone's terminal: it can no longer move the cursor,
 * change colours, set the title, write the clipboard, ring the bell or reorder text.
 * The chat already cleans what users send; this is the transport's own guard on
 * everything it prints, with the same definition of what is not text.
 */
export function terminalSafe(text: string): string {
  return withoutControls(text);
}
