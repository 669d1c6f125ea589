/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";

/** A stretch of a message: plain text, or a web address to link. */
export interface TextPiece {
  readonly text: string;
  readonly link: boolean;
}

/**
 * Where a web address may start and what it may hold: `http://` or `https://` not glued to
 * a word before it, then anything up to a space, a control or format character (bidi
 * overrides would disguise the address), or a character no address holds unencoded
 * (`< > "` and the backquote). What a candidate ends with is trimmed, and what is left
 * is checked, before it is linked.
 */
const CANDIDATE = /(?<![\p{L}\p{N}_])https?:\/\/[^\s<>"`\p{Cc}\p{Cf}]+/giu;

/** Ends a sentence or a quote more often than an address. */
const TRAILING = /[.,;:!?'*]$/;
const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/** A host name (letters, digits, inner hyphens, dot-separated) or a bracketed IPv6 address, and an optional port. */
const AUTHORITY = /^(?:(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)*[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/iu;

/**
 * Drops punctuation that closes the sentence around an address rather than the address:
 * `(see http://x.org/a).` links `http://x.org/a`, while the balanced parentheses of
 * `http://en.wikipedia.org/wiki/Bun_(software)` stay in it.
 */
function trimEnd(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.at(-1) ?? "";
    const opener = CLOSERS[last];
    if (TRAILING.test(last)) url = url.slice(0, -1);
    else if (opener && count(url, opener) < count(url, last)) url = url.slice(0, -1);
    else return url;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Whether `url` is a well-formed http(s) address: a real host (no user name or password in front of it), and one the URL parser accepts. */
function isWebAddress(url: string): boolean {
  const authority = /^https?:\/\/([^/?#]*)/i.exec(url)?.[1] ?? "";
  if (!AUTHORITY.test(authority)) return false;
  const parsed = URL.parse(url);
  return (parsed?.protocol === "http:" || parsed?.protocol === "https:") && parsed.hostname !== "";
}

/** Splits message text into plain stretches and the http(s) addresses in it, in order; joined, they are the text. */
export function textPieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let plainFrom = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const url = trimEnd(match[0]);
    if (!isWebAddress(url)) continue;
    if (match.index > plainFrom) pieces.push({ text: text.slice(plainFrom, match.index), link: false });
    pieces.push({ text: url, link: true });
    plainFrom = match.index + url.length;
  }
  if (plainFrom < text.length) pieces.push({ text: text.slice(plainFrom), link: false });
  return pieces;
}

/** A web address that opens in a new tab, telling the site nothing of where it came from, and vouching nothing for it. */
function WebLink({ url }: { url: string }) {
  return (
    <a href={escapeHtml(url)} rel="noopener noreferrer nofollow" target="_blank" safe>
      {url}
    </a>
  );
}

/** One piece, escaped: as a link or as text. */
function Piece({ piece }: { piece: TextPiece }) {
  if (piece.link) return <WebLink url={piece.text} />;
  return <>{escapeHtml(piece.text)}</>;
}

/**
 * Message text, escaped, with its http(s) addresses made links. Escaping comes first
 * (every piece is escaped on its own) and only addresses that pass `isWebAddress` become
 * links, so no other scheme (`javascript:`, `data:`) ever reaches an `href`. Rendered on
 * the server, once per event: pages without JavaScript get the links too, and terminals
 * never see any of it.
 */
export function LinkedText({ text }: { text: string }) {
  // Most lines hold no address: skip the scan.
  if (!/https?:\/\//i.test(text)) return <>{escapeHtml(text)}</>;
  return (
    <>
      {textPieces(text).map((piece) => (
        <Piece piece={piece} />
      ))}
    </>
  );
}
