/** Longest AUTHENTICATE parameter (IRCv3 SASL 3.1); a longer one is 905. */
export const SASL_CHUNK = 400;
/** The most a PLAIN answer may add up to (two names and a 128-byte password fit with room to spare). */
const MAX_ANSWER = 2048;

/** What a SASL PLAIN answer says (RFC 4616: `[authzid] NUL authcid NUL passwd`), or why it cannot be read. */
export type PlainAnswer = { readonly account: string; readonly password: string } | { readonly refused: string };

/**
 * A SASL PLAIN exchange: the client's answer comes in 400-byte base64 chunks (a chunk of
 * exactly 400 means more follows; `+` is an empty one), then is read.
 */
export class SaslPlain {
  #chunks = "";

  /** Takes one chunk: the answer once it is whole, "more" while it is not. */
  take(chunk: string): PlainAnswer | "more" {
    if (chunk !== "+") this.#chunks += chunk;
    if (this.#chunks.length > MAX_ANSWER) return { refused: "SASL answer too long" };
    if (chunk.length === SASL_CHUNK) return "more";
    return readPlain(this.#chunks);
  }
}

function readPlain(base64: string): PlainAnswer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) return { refused: "Invalid base64" };
  const text = new TextDecoder("utf-8", { fatal: false }).decode(Uint8Array.fromBase64(base64));
  const parts = text.split("\0");
  if (parts.length !== 3) return { refused: "Not a PLAIN answer" };
  const [authzid, authcid, password] = parts as [string, string, string];
  if (!authcid || !password) return { refused: "Empty account or password" };
  // Switchboard's account is its nickname: no one may act as another.
  if (authzid && authzid !== authcid) return { refused: "Authorization identity differs from the account" };
  return { account: authcid, password };
}
