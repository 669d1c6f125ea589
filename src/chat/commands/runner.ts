import type { Transport } from "../events.ts";
import type { Member } from "../people/member.ts";
import { fail, ok, whenSettled, type Pending, type Result } from "../result.ts";
import type { Command, CommandHelp, CommandTarget, ConsoleControls } from "./command.ts";

/** The rows a member may run, and those the console may. */
type MemberCommand = Extract<Command, { for: "members" | "operators" }>;
type ConsoleCommand = Extract<Command, { for: "operators" | "console" }>;

/**
 * Runs the one table of commands for both kinds of caller. A member's commands are the
 * rows for members and operators; the console's, those for operators and the console.
 * Who may run a row, and whether its arguments fit its parameters, is checked here once,
 * so no handler checks either.
 */
export class CommandRunner implements CommandHelp {
  readonly #forMembers: ReadonlyMap<string, MemberCommand>;
  readonly #forConsole: ReadonlyMap<string, ConsoleCommand>;

  constructor(readonly table: readonly Command[]) {
    this.#forMembers = byName(table.filter((c): c is MemberCommand => c.for !== "console"));
    this.#forConsole = byName(table.filter((c): c is ConsoleCommand => c.for !== "members"));
  }

  /** The command `name` a member may run (`/help`'s lookup too), if there is one. */
  find(name: string): MemberCommand | undefined {
    return this.#forMembers.get(name.replace(/^\//, "").toLowerCase());
  }

  /** Parses `/name args...` typed by `member`, checks it against the table and runs it; a refusal comes back. */
  run(chat: CommandTarget, member: Member, line: string, room = member.room): Pending<unknown> {
    const [, name = "", rest = ""] = /^\/(\S*)\s*(.*)$/s.exec(line) ?? [];
    const command = this.find(name);
    if (!command) return fail("unknown-command", `Unknown command /${name}. Type /help for the list.`);
    const elsewhere = notHere(command, member);
    if (elsewhere) return elsewhere;
    if (command.for === "operators" && !member.op)
      return fail("not-allowed", `/${command.name} is for operators; the server's console makes them.`);
    const args = splitArgs(rest, command);
    if (!args) return fail("bad-arguments", `Usage: ${usage(command, member)}`);
    return command.run({ chat, member, room, args, console: undefined, reply: (text, emphasis) => chat.tell(member, text, false, emphasis) });
  }

  /**
   * Runs a line typed at the server's console (`name args...`, no slash): its answers, its
   * refusal, or what it did once done, go to `print`.
   */
  runConsole(chat: CommandTarget, controls: ConsoleControls, line: string, print: (text: string) => void): void {
    const [, name = "", rest = ""] = /^\s*(\S*)\s*(.*?)\s*$/s.exec(line) ?? [];
    if (!name) return;
    const command = this.#forConsole.get(name.toLowerCase());
    if (!command) return print(`Unknown command "${name}". Type help.`);
    const args = splitArgs(rest, command);
    if (!args) return print(`Usage: ${usage(command, undefined)}`);
    const ran = command.run({ chat, member: undefined, room: undefined, args, console: controls, reply: print });
    void whenSettled(ran, (result) => {
      if (!result.ok) print(result.error.message);
      else if (command.consoleDone) print(command.consoleDone(args));
    });
  }

  /** The member's /help, generated from the table: what works on their transport and is theirs to run. */
  helpFor(transport: Transport, op: boolean): string {
    const commands = this.table.filter((c) => c.for !== "console" && (!c.on || c.on.includes(transport)) && (op || c.for !== "operators"));
    const width = Math.max(...commands.map((c) => usage(c, true).length));
    const lines = commands.map((c) => {
      const also = (c.aliases ?? []).map((alias) => `/${alias}`);
      // A terminal's classic way out; a page has its Leave button.
      if (c.name === "quit" && transport !== "web") also.push("{quit}");
      return `  ${usage(c, true).padEnd(width)}  ${c.help}${also.length ? ` Also ${also.join(", ")}.` : ""}`;
    });
    return ["Commands:", ...lines, "Anything else is sent to the room; start with // to send a line beginning with /."].join("\n");
  }

  /** `/help NAME`: the usage and help of one command. */
  helpOn(name: string, member: Member): Pending<string> {
    const command = this.find(name);
    if (!command) return fail("unknown-command", `Unknown command ${name}. Type /help for the list.`);
    return notHere(command, member) ?? ok(`${usage(command, member)}  ${command.help}${command.more ? `\n${command.more}` : ""}`);
  }

  /** The console's `help`: every command it may run. */
  consoleHelp(): string {
    const commands = [...new Set(this.#forConsole.values())];
    return commands.map((c) => `  ${usage(c, undefined).padEnd(38)} ${c.help}`).join("\n");
  }
}

/** Why `command` does not run where `member` typed it (a terminal's setting on the web), or undefined. */
function notHere(command: Command, member: Member): Result<never> | undefined {
  if (!command.on || command.on.includes(member.transport)) return undefined;
  return fail("not-here", `/${command.name} works only in a terminal.`);
}

function byName<C extends Command>(commands: readonly C[]): Map<string, C> {
  return new Map(commands.flatMap((command) => [command.name, ...(command.aliases ?? [])].map((name) => [name, command] as const)));
}

/** A command's usage as its caller types it: with a slash for a member, without at the console. */
export function usage(command: Command, member: Member | true | undefined): string {
  const line = command.usage ?? ["/" + command.name, ...command.params].join(" ");
  return member ? line : line.slice(1);
}

/** Splits `rest` into one value per parameter of `command`, or undefined when the count is wrong. */
function splitArgs(rest: string, command: Command): string[] | undefined {
  const params = command.restOfLine ? [...command.params.slice(0, -1), `${command.params.at(-1)}...`] : command.params;
  const args: string[] = [];
  let remaining = rest.trim();
  for (const param of params) {
    const optional = param.startsWith("[");
    const greedy = param.replace("]", "").endsWith("...");
    if (!remaining) {
      if (optional) break;
      return undefined;
    }
    if (greedy) {
      args.push(remaining);
      remaining = "";
    } else {
      const [word = "", tail = ""] = remaining.split(/\s+(.*)/s);
      args.push(word);
      remaining = tail.trim();
    }
  }
  return remaining ? undefined : args;
}
