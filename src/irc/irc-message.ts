/**
 * One IRC message, as Modern IRC (modern.ircdocs.horse) and IRCv3 message-tags write it:
 * `[@tags ][:source ]COMMAND[ params][ :trailing]`, without its CR LF.
 */
export interface IrcMessage {
  /** IRCv3 tags (`time`, `account`, `msgid`, client-only `+typing`…); a tag without a value has "". */
  readonly tags?: Readonly<Record<string, string>>;
  /** Who it is from: a server name or `nick!user@host`; absent in what clients send. */
  readonly source?: string;
  /** In capitals (`PRIVMSG`), or a three-digit numeric (`001`). */
  readonly command: string;
  readonly params: readonly string[];
}

/**
 * Longest line without its tags, CR LF included (RFC 1459 §2.3, Modern IRC "Message
 * format"); the tags may take 8191 bytes more (IRCv3 message-tags).
 */
export const MAX_LINE_BYTES = 512;
export const MAX_TAGS_BYTES = 8191;

const UNESCAPED: Readonly<Record<string, string>> = { ":": ";", s: " ", "\\": "\\", r: "\r", n: "\n" };
const ESCAPED: Readonly<Record<string, string>> = { ";": "\\:", " ": "\\s", "\\": "\\\\", "\r": "\\r", "\n": "\\n" };

/** A tag's value as sent (`\s` for a space, `\:` for `;`…) back to what it says; an unknown escape is the character itself, a lone `\` at the end nothing. */
export function unescapeTagValue(raw: string): string {
  return raw.replace(/\\(.?)/gs, (_, next: string) => UNESCAPED[next] ?? next);
}

/** A tag's value as it is sent. */
export function escapeTagValue(value: string): string {
  return value.replace(/[; \\\r\n]/g, (character) => ESCAPED[character]!);
}

function parseTags(raw: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of raw.split(";")) {
    if (!tag) continue;
    const equals = tag.indexOf("=");
    const key = equals < 0 ? tag : tag.slice(0, equals);
    // The last of a tag given twice wins (IRCv3).
    if (key) tags[key] = equals < 0 ? "" : unescapeTagValue(tag.slice(equals + 1));
  }
  return tags;
}

/**
 * A line a client sent (without CR LF) as a message, or undefined when it holds no
 * command (empty, spaces, tags or a source alone). Spaces between parts may be several.
 */
export function parseMessage(line: string): IrcMessage | undefined {
  let rest = line;
  let tags: Record<string, string> | undefined;
  let source: string | undefined;
  const word = (): string => {
    rest = rest.replace(/^ +/, "");
    const space = rest.indexOf(" ");
    const taken = space < 0 ? rest : rest.slice(0, space);
    rest = space < 0 ? "" : rest.slice(space + 1);
    return taken;
  };
  if (rest.startsWith("@")) tags = parseTags(word().slice(1));
  if (rest.replace(/^ +/, "").startsWith(":")) source = word().slice(1);
  const command = word().toUpperCase();
  if (!command) return undefined;
  const params: string[] = [];
  for (;;) {
    rest = rest.replace(/^ +/, "");
    if (!rest) break;
    if (rest.startsWith(":")) {
      params.push(rest.slice(1));
      break;
    }
    params.push(word());
  }
  return { ...(tags ? { tags } : {}), ...(source !== undefined ? { source } : {}), command, params };
}

/**
 * `message` as a line to send (without CR LF). The last parameter is made trailing (`:`)
 * when it must be: empty, holding a space, or starting with `:`. The others must not; a
 * caller that breaks that gets an error, not a line that means something else.
 */
export function formatMessage(message: IrcMessage): string {
  const parts: string[] = [];
  const tags = Object.entries(message.tags ?? {});
  if (tags.length) parts.push(`@${tags.map(([key, value]) => (value === "" ? key : `${key}=${escapeTagValue(value)}`)).join(";")}`);
  if (message.source) parts.push(`:${message.source}`);
  parts.push(message.command);
  message.params.forEach((param, index) => {
    if (/[\r\n\0]/.test(param)) throw new Error(`IRC parameter with a line break or NUL: ${JSON.stringify(param)}`);
    const last = index === message.params.length - 1;
    // A text after a target (PRIVMSG #room :hi, 001 nick :Welcome) is written trailing even as one word, as servers do.
    const needsTrailing = param === "" || param.includes(" ") || param.startsWith(":") || (last && index > 0);
    if (needsTrailing && !last) throw new Error(`IRC parameter ${index} must be the last: ${JSON.stringify(param)}`);
    parts.push(needsTrailing ? `:${param}` : param);
  });
  return parts.join(" ");
}
