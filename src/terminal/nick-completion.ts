/** What completion needs to know: the line's limit, and who is there to complete to. */
export interface NickCompletionOptions {
  /** Longest line in UTF-8 bytes: a nickname that would pass it is not offered. */
  readonly maxBytes: number;
  /** Nicknames Tab may complete to (the others in the room). */
  readonly completions: () => readonly string[];
}

/** What a Tab does to the line: `deleteCount` graphemes at `start` become `graphemes`, the cursor after them. */
export interface CompletionEdit {
  readonly start: number;
  readonly deleteCount: number;
  readonly graphemes: readonly string[];
}

/** Tab pressed again cycles through the candidates found by the first press. */
interface Cycle {
  readonly start: number;
  readonly candidates: readonly string[];
  index: number;
  /** Graphemes the current candidate (and its suffix) occupies. */
  length: number;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");
const byName = new Intl.Collator("en", { sensitivity: "base" });

/**
 * Tab completion of nicknames for the line editor: Tab completes the word before the
 * cursor to a nickname in the room, in alphabetical order, and Tab again swaps it for the
 * next one. It only says what to change; the editor holds the line.
 */
export class NickCompletion {
  #cycle: Cycle | undefined;
  /** Tab has searched the room during this burst of keys. */
  #searched = false;

  constructor(private readonly options: NickCompletionOptions) {}

  /** A new burst of keys begins (one `LineEditor.feed`). */
  newBurst(): void {
    this.#searched = false;
  }

  /** A key other than Tab: the next Tab completes afresh. */
  reset(): void {
    this.#cycle = undefined;
  }

  /** Tab, in a line of `line` graphemes and `bytes` UTF-8 bytes with the cursor at `cursor`: the edit, if anything completes. */
  tab(line: readonly string[], cursor: number, bytes: number): CompletionEdit | undefined {
    const cycle = this.#cycle;
    if (cycle) {
      // Tab again: swap the candidate just inserted for the next one.
      cycle.index = (cycle.index + 1) % cycle.candidates.length;
      return this.#edit(cycle, cycle.length);
    }
    let start = cursor;
    while (start > 0 && !/\s/.test(line[start - 1]!)) start--;
    const typed = line.slice(start, cursor).join("");
    if (!typed) return undefined;
    // One search of the room per burst of keys: it may hold a thousand members, and a
    // paste a thousand Tabs. Further Tabs in a burst only cycle what was found.
    if (this.#searched) return undefined;
    this.#searched = true;
    const word = typed.toLowerCase();
    // A completion replaces the word, and must keep the line within the byte limit too.
    const room = this.options.maxBytes - (bytes - utf8Bytes(typed)) - utf8Bytes(completionSuffix(start));
    const candidates = this.options
      .completions()
      .filter((nick) => nick.toLowerCase().startsWith(word) && utf8Bytes(nick) <= room)
      .sort(byName.compare);
    if (candidates.length === 0) return undefined;
    const first: Cycle = { start, candidates, index: 0, length: 0 };
    this.#cycle = first;
    return this.#edit(first, cursor - start);
  }

  /** Replaces `deleteCount` graphemes at the cycle's start with its current candidate. */
  #edit(cycle: Cycle, deleteCount: number): CompletionEdit {
    const graphemes = [...cycle.candidates[cycle.index]!, ...completionSuffix(cycle.start)];
    cycle.length = graphemes.length;
    return { start: cycle.start, deleteCount, graphemes };
  }
}

/** "nick: " addresses someone at the start of a line; elsewhere the name is just a word. */
function completionSuffix(start: number): string {
  return start === 0 ? ": " : " ";
}
