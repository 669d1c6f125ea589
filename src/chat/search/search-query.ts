import type { RecordedEvent } from "../events.ts";
import { fail, ok, type Result } from "../result.ts";
import { validateRoomName } from "../rooms/room-name.ts";

/** What `/search` (and the page's search box) asks for: every word and phrase, by whom, where. */
export interface SearchQuery {
  /** Words, each to be found as a word, case and accents aside. */
  readonly words: readonly string[];
  /** `"exact words"`: each found as its words in that order. */
  readonly phrases: readonly string[];
  /** `from:NICK`: said by that nickname. */
  readonly from?: string;
  /** `in:#room`: in that room only (no privates). */
  readonly room?: string;
}

/** What a search found: newest first, with the query that found it (to mark its words). */
export interface SearchResults {
  readonly query: SearchQuery;
  readonly events: readonly RecordedEvent[];
}

/** The most words and phrases one search may hold: each is one more walk of the index. */
const MAX_TERMS = 16;

/**
 * Reads `words "exact phrase" from:NICK in:#room` into a query. Letters and digits make a
 * word (punctuation is no part of one, as the index reads it), so `don't` is `don t`.
 */
export function parseSearch(text: string): Result<SearchQuery> {
  const words: string[] = [];
  const phrases: string[] = [];
  let from: string | undefined;
  let room: string | undefined;
  for (const match of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const [, phrase, word] = match;
    if (phrase !== undefined) {
      const inside = termsOf(phrase);
      if (inside.length > 1) phrases.push(inside.join(" "));
      else words.push(...inside);
    } else if (/^from:/i.test(word!)) {
      from = word!.slice(5);
    } else if (/^in:/i.test(word!)) {
      const named = validateRoomName(word!.slice(3));
      if (!named.ok) return named;
      room = named.value;
    } else {
      words.push(...termsOf(word!));
    }
  }
  if (words.length + phrases.length > MAX_TERMS) return fail("bad-arguments", `At most ${MAX_TERMS} words and phrases in one search.`);
  if (words.length + phrases.length === 0)
    return fail("bad-arguments", 'Search for words or "a phrase"; from:NICK and in:#room narrow it down.');
  return ok({ words, phrases, ...(from ? { from } : {}), ...(room ? { room } : {}) });
}

/** The words of `text` as the index reads them: runs of letters and digits. */
export function termsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** `text` folded as the search compares it: lower case, accents removed (é is e, ü is u). */
export function folded(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Whether `text` holds every word and phrase of `query` (the in-memory history's search). */
export function matchesText(text: string, query: SearchQuery): boolean {
  const terms = termsOf(folded(text));
  const said = new Set(terms);
  if (!query.words.every((word) => said.has(folded(word)))) return false;
  const joined = ` ${terms.join(" ")} `;
  return query.phrases.every((phrase) => joined.includes(` ${folded(phrase)} `));
}

/**
 * Where in `text` the words and phrases of `query` are, as [start, end) ranges in order
 * (what a page marks, a terminal shows bold): whole words, case and accents aside.
 */
export function matchedRanges(text: string, query: SearchQuery): [number, number][] {
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, folded: folded(m[0]) }));
  const wanted = new Set(query.words.map(folded));
  const phrases = query.phrases.map((phrase) => termsOf(folded(phrase)));
  const ranges: [number, number][] = [];
  for (let i = 0; i < words.length; i++) {
    const phrase = phrases.find((terms) => terms.every((term, k) => words[i + k]?.folded === term));
    if (phrase) {
      ranges.push([words[i]!.start, words[i + phrase.length - 1]!.end]);
      i += phrase.length - 1;
    } else if (wanted.has(words[i]!.folded)) ranges.push([words[i]!.start, words[i]!.end]);
  }
  return ranges;
}
