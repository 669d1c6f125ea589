import type { RecordedEvent } from "../events.ts";
import { ok } from "../result.ts";
import { matchedRanges } from "../search/search-query.ts";
import type { Command } from "./command.ts";

/** Results `/search` prints at a time. */
export const SEARCH_PAGE = 20;

/** `2026-12-08 01:55` (UTC): a result may be months old, so its day is said too. */
function when(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace("T", " ");
}

/** What comes before a result's text: where and when, who. */
function resultHead(event: RecordedEvent): string {
  switch (event.kind) {
    case "message":
      return `[${event.room} ${when(event.at)}] <${event.from}> `;
    case "action":
      return `[${event.room} ${when(event.at)}] * ${event.from} `;
    case "private":
      return `[private ${when(event.at)}] ${event.from} -> ${event.to}: `;
    default:
      return `[${when(event.at)}] `;
  }
}

/** Finding what was said (issue 25): in the member's rooms and its own conversations. */
export const SEARCH_COMMANDS: readonly Command[] = [
  {
    name: "search",
    for: "members",
    params: ["WORDS..."],
    help: `Find what was said in your rooms and your private conversations, newest first, ${SEARCH_PAGE} at a time: words, "a phrase", from:NICK, in:#room.`,
    run: ({ chat, member, args, reply }) => {
      const before = /^before:(\d+)\s*/i.exec(args[0]!);
      const text = before ? args[0]!.slice(before[0].length) : args[0]!;
      const found = chat.search(member, text, SEARCH_PAGE + 1, before ? Number(before[1]) : undefined);
      if (!found.ok) return found;
      const { events, query } = found.value;
      const shown = events.slice(0, SEARCH_PAGE);
      if (shown.length === 0) return ok(reply(`Nothing found for ${text}.`));
      reply(`— ${shown.length}${events.length > SEARCH_PAGE ? "+" : ""} found for ${text}, newest first —`);
      for (const event of shown) {
        const head = resultHead(event);
        const said = "text" in event ? event.text : "";
        // The matched words, set apart (bold on a terminal): ranges of the text, after the head.
        reply(head + said, matchedRanges(said, query).map(([start, end]) => [head.length + start, head.length + end] as const));
      }
      if (events.length > SEARCH_PAGE) reply(`— older ones: /search before:${shown.at(-1)!.id} ${text} —`);
      return ok(undefined);
    },
  },
];
