/** @jsxImportSource @kitajs/html */
import { sameNick, type Emphasis, type RecordedEvent } from "../src/chat/index.ts";
import { Layout } from "./layout.tsx";
import { SystemText } from "./system-text.tsx";

export interface SearchPageProps {
  /** What was typed, as typed. */
  readonly q: string;
  /** The lines found, newest first, each with the ranges of its text the search matched. */
  readonly results: readonly { readonly event: RecordedEvent; readonly marks: Emphasis }[];
  /** Why the search could not be made, when it could not. */
  readonly error?: string;
  /** Where the next, older page starts, when there is one. */
  readonly olderBefore?: number;
}

/** The search box, as the chat page's header and the results page show it (a plain GET form: no JavaScript needed). */
export function SearchBox({ q = "" }: { q?: string }) {
  return (
    <form method="get" action="/search" role="search" class="search">
      <input type="search" name="q" value={Bun.escapeHTML(q)} aria-label="Search messages" placeholder="Search" maxlength="200" />
      <button type="submit">Search</button>
    </form>
  );
}

/** `text` with its matched ranges in `<mark>`, every piece escaped. */
function Marked({ text, marks }: { text: string; marks: Emphasis }) {
  return (
    <span class="text">
      <SystemText text={text} emphasis={marks} />
    </span>
  );
}

/** Where a result opens: its room (or conversation) with the lines before it, scrolled to it. */
function addressOf(event: RecordedEvent, me: string): string {
  const at = `?before=${event.id + 1}#e${event.id}`;
  if (event.kind === "private") {
    const other = sameNick(event.from, me) ? event.to : event.from;
    return `/dm/${encodeURIComponent(other)}${at}`;
  }
  return "room" in event ? `/r/${encodeURIComponent(event.room.slice(1))}${at}` : `/${at}`;
}

function Result({ event, marks, me }: { event: RecordedEvent; marks: Emphasis; me: string }) {
  if (event.kind !== "message" && event.kind !== "action" && event.kind !== "private") return "";
  const where = event.kind === "private" ? `${event.from} → ${event.to}` : event.room;
  return (
    <li class="result">
      <a href={addressOf(event, me)}>
        <span class="where" safe>
          {where}
        </span>{" "}
        <time datetime={new Date(event.at).toISOString()} safe>
          {new Date(event.at).toISOString().slice(0, 16).replace("T", " ")}
        </time>{" "}
        <span class="nick" safe>
          {event.kind === "action" ? `* ${event.from}` : event.from}
        </span>{" "}
        <Marked text={event.text} marks={marks} />
      </a>
    </li>
  );
}

/** `GET /search?q=…`: what the member may read that the words find, newest first, each a way into its room. */
export function SearchPage({ q, results, error, olderBefore, me }: SearchPageProps & { me: string }) {
  return (
    <Layout title={`Search: ${q} — Switchboard`}>
      <main class="search-page">
        <p>
          <a href="/">← Back to the chat</a>
        </p>
        <h1>Search</h1>
        <SearchBox q={q} />
        {error ? (
          <p class="error" role="alert" safe>
            {error}
          </p>
        ) : results.length === 0 ? (
          <p class="none" safe>{`Nothing found for ${q}.`}</p>
        ) : (
          <ol class="search-results" aria-label="Results, newest first">
            {results.map(({ event, marks }) => (
              <Result event={event} marks={marks} me={me} />
            ))}
          </ol>
        )}
        {olderBefore !== undefined ? (
          <p>
            <a class="older" href={`/search?q=${encodeURIComponent(q)}&before=${olderBefore}`}>
              Older results
            </a>
          </p>
        ) : (
          ""
        )}
      </main>
    </Layout>
  );
}
