/** A line as the editor holds it: its graphemes, and their size in UTF-8. */
export interface HeldLine {
  readonly graphemes: readonly string[];
  readonly bytes: number;
}

export const EMPTY_LINE: HeldLine = { graphemes: [], bytes: 0 };

/**
 * The user's own lines for Up and Down, oldest first, and the draft: the line being typed
 * when browsing began, which Down past the newest brings back. Lines are kept as
 * graphemes, so that browsing them never segments text again; the editor hands them over
 * (`held`) only when they are kept.
 */
export class LineHistory {
  readonly #lines: HeldLine[] = [];
  /** Position in `#lines` while browsing; `#lines.length` means the draft. */
  #index = 0;
  #draft = EMPTY_LINE;

  constructor(readonly size: number) {}

  /**
   * A line was entered: with `keep`, it becomes the newest (unless it is blank, or the
   * newest already), and the oldest goes past `size`. Browsing starts again from an empty draft.
   */
  entered(text: string, keep: boolean, held: () => HeldLine): void {
    if (keep && text.trim() && this.#newest() !== text) this.#lines.push(held());
    if (this.#lines.length > this.size) this.#lines.splice(0, this.#lines.length - this.size);
    this.#index = this.#lines.length;
    this.#draft = EMPTY_LINE;
  }

  /** The line was cleared: the next Up starts from the newest again. */
  stopBrowsing(): void {
    this.#index = this.#lines.length;
  }

  /** A refused line is edited again: it is not also the newest entry. */
  takeBack(text: string): void {
    if (this.#newest() === text) this.#lines.pop();
    this.stopBrowsing();
  }

  /** Up (-1) or Down (+1) from the line shown, which `held` gives: the line to show, or undefined past either end. */
  browse(step: number, held: () => HeldLine): HeldLine | undefined {
    const index = this.#index + step;
    if (index < 0 || index > this.#lines.length) return undefined;
    if (this.#index === this.#lines.length) this.#draft = held();
    this.#index = index;
    return index === this.#lines.length ? this.#draft : this.#lines[index]!;
  }

  #newest(): string | undefined {
    return this.#lines.at(-1)?.graphemes.join("");
  }
}
