import type { Chat } from "../chat/index.ts";

/**
 * The operator's console on standard input: each line runs a command of the chat's one
 * table (those for operators and the console: `stop`, `who`, `rooms`, `say`, `kick`,
 * `ban`, `op`, `watch`, `help`...). Answers are written with `print`.
 */
export function createConsole(chat: Chat, stop: () => void, print: (line: string) => void): (line: string) => void {
  let watching = false;
  chat.observe((event) => {
    if (!watching || (event.kind !== "message" && event.kind !== "action")) return;
    const sender = chat.find(event.from);
    const from = sender?.instance ? `on ${sender.instance}` : (sender?.address ?? "gone");
    print(`[watch] ${event.room} ${event.from} (${from}): ${event.kind === "action" ? `* ${event.text}` : event.text}`);
  });
  const controls = {
    stop,
    watch: (on: boolean) => void (watching = on),
    get watching() {
      return watching;
    },
  };
  return (line) => chat.runConsole(line, controls, print);
}
