/** @jsxImportSource @kitajs/html */
import { emphasised, type Emphasis } from "../src/chat/index.ts";

/** A row of a table as the chat lays one out for terminals: two spaces, a term, padding, its description. */
const TABLE_ROW = /^ {2}(\S.*?) {2,}(\S.*)$/;

type Block = { readonly kind: "text"; readonly lines: string[] } | { readonly kind: "table"; readonly rows: [string, string][] };

/**
 * An answer of the chat's (`/help`, say) as the page shows it. The chat lays tables out
 * in space-padded columns, which a terminal keeps; on a narrow page such a table wraps
 * into ragged columns, so a run of two or more such rows becomes a definition list, laid
 * out by the stylesheet (terms beside their descriptions, or above them on a phone). The
 * rest stays text, escaped at the leaf.
 */
export function SystemText({ text, emphasis }: { text: string; emphasis?: Emphasis }) {
  // A one-line answer may set parts apart (the words a /search matched).
  if (emphasis && !text.includes("\n"))
    return <>{emphasised(text, emphasis).map((piece) => (piece.marked ? <mark safe>{piece.text}</mark> : <>{Bun.escapeHTML(piece.text)}</>))}</>;
  return (
    <>
      {blocksOf(text).map((block) =>
        block.kind === "text" ? (
          <>{Bun.escapeHTML(block.lines.join("\n"))}</>
        ) : (
          <dl class="table">
            {block.rows.map(([term, description]) => (
              <>
                <dt safe>{term}</dt>
                <dd safe>{description}</dd>
              </>
            ))}
          </dl>
        ),
      )}
    </>
  );
}

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; ) {
    const rows: [string, string][] = [];
    for (let row; i + rows.length < lines.length && (row = TABLE_ROW.exec(lines[i + rows.length]!)); ) rows.push([row[1]!, row[2]!]);
    if (rows.length >= 2) {
      blocks.push({ kind: "table", rows });
      i += rows.length;
      continue;
    }
    const last = blocks.at(-1);
    if (last?.kind === "text") last.lines.push(lines[i]!);
    else blocks.push({ kind: "text", lines: [lines[i]!] });
    i++;
  }
  return blocks;
}
