import { NOT_TEXT } from "../chat/index.ts";

/** Every character that is not text, the chat's definition: C0 and C1 controls (ESC, CR, LF, BEL), DEL, bidi controls... */
const NOT_TEXT_ANYWHERE = new RegExp(NOT_TEXT.source, `${NOT_TEXT.flags}g`);

/**
 * The server's log on stdout: one line per thing that happened, each stamped with its
 * time, written once per turn of the event loop. A storm of arrivals logs thousands of
 * lines a second, and one write (a system call) each would cost more than the lines.
 * Whatever is held is written before the process exits.
 *
 * Lines carry what clients chose (an SSH user name or DISCONNECT description, a quit
 * reason, an error about their bytes), so each is made safe here, in the one place every
 * log line passes: see `logSafe`.
 */
export function createLog(write: (text: string) => void = (text) => console.log(text)): (line: string) => void {
  let held: string[] = [];
  const flush = () => {
    if (held.length === 0) return;
    const text = held.join("\n");
    held = [];
    write(text);
  };
  process.on("exit", flush);
  return (line) => {
    if (held.length === 0) setImmediate(flush);
    held.push(`${new Date().toISOString()} ${logSafe(line)}`);
  };
}

/**
 * One line that cannot act on the terminal or the file showing the log: every control
 * character is shown as an escape (`\x1b`, `\n`, `\u202e`) rather than run or removed, so
 * that an escape sequence cannot set the title, write the clipboard or clear the screen,
 * a line break cannot forge a line of its own, and the reader still sees what was sent.
 */
export function logSafe(line: string): string {
  return line.replace(NOT_TEXT_ANYWHERE, visible);
}

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visible(char: string): string {
  const code = char.codePointAt(0)!;
  if (NAMED[char]) return NAMED[char];
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\u{${code.toString(16)}}`;
}
