/** The part of an input line that fits on the row, and where the cursor sits in it. */
export interface LineWindow {
  /** Index of the first grapheme shown. */
  readonly scroll: number;
  /** The graphemes shown, joined. */
  readonly text: string;
  /** Columns `text` takes. */
  readonly width: number;
  /** The cursor's column, counted from the start of `text`. */
  readonly cursorColumn: number;
}

/**
 * Chooses which graphemes of a line to show in `columns` columns, scrolling sideways
 * as little as possible from the previous `scroll` so that the cursor stays in view
 * (and the window stays full when the line is long enough to fill it).
 */
export function visibleWindow(graphemes: readonly string[], cursor: number, scroll: number, columns: number): LineWindow {
  const widths = graphemes.map((grapheme) => Bun.stringWidth(grapheme));
  const widthOf = (from: number, to: number) => widths.slice(from, to).reduce((sum, width) => sum + width, 0);
  if (widthOf(0, widths.length) <= columns) scroll = 0;
  else {
    scroll = Math.min(scroll, cursor);
    for (let before = widthOf(scroll, cursor); before > columns; scroll++) before -= widths[scroll]!;
    for (let after = widthOf(scroll, widths.length); scroll > 0 && after + widths[scroll - 1]! <= columns; )
      after += widths[--scroll]!;
  }
  let end = scroll;
  let width = 0;
  while (end < widths.length && width + widths[end]! <= columns) width += widths[end++]!;
  return { scroll, text: graphemes.slice(scroll, end).join(""), width, cursorColumn: widthOf(scroll, cursor) };
}
