/**
 * Search over a big history (issue 25): fills an SQLite history file with N messages
 * (default 1,000,000) in 200 rooms from 2,000 people, with a few hundred private
 * conversations among them, then times searches as a member of 5 rooms would make them
 * (common words, rare ones, phrases, from:, in:), and says how much the full-text index
 * adds to the file.
 *
 *   bun run bench/search-index.ts [N]
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordedEvent, Viewer } from "../src/chat/events.ts";
import { parseSearch } from "../src/chat/search/search-query.ts";
import { SqliteHistory } from "../src/sqlite/sqlite-history.ts";
import { SqliteSearch } from "../src/sqlite/sqlite-search.ts";

const total = Number(Bun.argv[2] ?? 1_000_000);
const ROOMS = 200;
const PEOPLE = 2000;
// A vocabulary with a long tail, as chat has: a few words everywhere, most rare.
const WORDS = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
const COMMON = ["the", "and", "deploy", "café", "release", "lunch", "bug", "merge"];

// mulberry32: the same history every run.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[], skew = 1) => list[Math.floor(list.length * random() ** skew)]!;

function sentence(): string {
  const words: string[] = [];
  const length = 4 + Math.floor(random() * 12);
  for (let i = 0; i < length; i++) words.push(random() < 0.3 ? pick(COMMON) : pick(WORDS, 3));
  return words.join(" ");
}

const dir = mkdtempSync(join(tmpdir(), "switchboard-search-bench-"));
const path = join(dir, "history.sqlite");
// The schema as the history makes it; then rows as its `append` writes them, in big transactions (a bench's shortcut).
new SqliteHistory(path).close();
const started = performance.now();
const raw = new Database(path);
const insert = raw.prepare("INSERT INTO events (id, conversation, quiet, room, sender, target, json) VALUES (?, 1, 0, ?, ?, ?, ?)");
const search = new SqliteSearch(raw);
const fill = raw.transaction((from: number, to: number) => {
  for (let id = from; id <= to; id++) {
    const nick = `p${Math.floor(random() * PEOPLE)}`;
    const event: RecordedEvent =
      id % 50 === 0
        ? { kind: "private", id, at: id, from: nick, to: "p1", text: sentence(), sender: { id: `id-${nick}` }, recipient: { id: "id-p1" } }
        : { kind: "message", id, at: id, room: `#r${Math.floor(random() * ROOMS)}`, from: nick, text: sentence() };
    const isPrivate = event.kind === "private";
    insert.run(id, isPrivate ? null : event.room, isPrivate ? event.sender.id : null, isPrivate ? event.recipient.id : null, JSON.stringify(event));
    search.index(event);
  }
});
for (let from = 1; from <= total; from += 100_000) fill(from, Math.min(total, from + 99_999));
raw.run("PRAGMA wal_checkpoint(TRUNCATE)");
raw.close();
const filledIn = (performance.now() - started) / 1000;
const withIndex = statSync(path).size;

const reopened = new SqliteHistory(path);
const viewer: Viewer = { id: "id-p1", room: "#r1", rooms: ["#r1", "#r2", "#r3", "#r4", "#r5"] };
const queries = ["deploy", "café release", "cafe", `${WORDS[5]}`, `${WORDS[19_000]}`, '"deploy the"', "lunch from:p7", "bug in:#r3", "merge the and"];
const timings: number[] = [];
const perQuery: string[] = [];
for (const text of queries) {
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    found = reopened.search(viewer, parsed.value, 21).length;
    times.push(performance.now() - t);
  }
  timings.push(...times);
  times.sort((a, b) => a - b);
  perQuery.push(`${text.padEnd(18)} found ${String(found).padStart(2)}  p50 ${times[12]!.toFixed(2)} ms  max ${times.at(-1)!.toFixed(2)} ms`);
}
reopened.close();
timings.sort((a, b) => a - b);
const p = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(2);

// The same history without the index, for its share of the file.
const bare = new Database(path);
bare.run("DROP TABLE said");
bare.run("VACUUM");
bare.run("PRAGMA wal_checkpoint(TRUNCATE)");
bare.close();
const without = statSync(path).size;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
console.log(`${total} messages written in ${filledIn.toFixed(1)} s; file ${mb(withIndex)} with the index, ${mb(without)} without: ${(withIndex / without).toFixed(2)}x`);
for (const line of perQuery) console.log(line);
console.log(`all ${timings.length} searches: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${timings.at(-1)!.toFixed(2)} ms`);
rmSync(dir, { recursive: true, force: true });
