const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Just enough of a terminal to check what a line editor draws on its row: printable
 * text (wide characters take two cells), CR, BS, ESC[K, ESC[nC and ESC[nD. Anything
 * else is an error, so a stray control in the editor's output fails the test.
 */
export class OneRowTerminal {
  /** One entry per cell; the second cell of a wide character is "". */
  #cells: string[] = [];
  cursor = 0;

  constructor(readonly columns: number) {}

  /** What the row shows, trailing blanks trimmed. */
  get row(): string {
    return this.#cells.join("").trimEnd();
  }

  write(output: string): void {
    const sequence = /^\x1b\[(\d*)([KCD])/;
    for (let rest = output; rest; ) {
      const match = sequence.exec(rest);
      if (match) {
        const n = Number(match[1] || 1);
        if (match[2] === "K") this.#cells.length = Math.min(this.#cells.length, this.cursor);
        else this.cursor = Math.max(0, Math.min(this.columns - 1, this.cursor + (match[2] === "C" ? n : -n)));
        rest = rest.slice(match[0].length);
        continue;
      }
      const { segment } = segmenter.segment(rest)[Symbol.iterator]().next().value!;
      rest = rest.slice(segment.length);
      if (segment === "\r") this.cursor = 0;
      else if (segment === "\b") this.cursor = Math.max(0, this.cursor - 1);
      else if (/[\u0000-\u001f\u007f-\u009f]/.test(segment)) throw new Error(`unexpected control ${JSON.stringify(segment)}`);
      else this.#put(segment);
    }
  }

  #put(grapheme: string): void {
    const width = Bun.stringWidth(grapheme);
    if (width === 0) {
      // A combining mark joins the character before the cursor, as on a real terminal.
      let cell = this.cursor - 1;
      while (cell > 0 && this.#cells[cell] === "") cell--;
      if (cell >= 0) this.#cells[cell] += grapheme;
      return;
    }
    if (this.cursor + width > this.columns) throw new Error(`wrote past the last column: ${JSON.stringify(grapheme)}`);
    while (this.#cells.length < this.cursor) this.#cells.push(" ");
    this.#cells.splice(this.cursor, width, grapheme, ...new Array<string>(width - 1).fill(""));
    this.cursor += width;
  }
}
