import { describe, expect, test } from "bun:test";
import { TelnetDecoder, type TelnetToken } from "../../src/telnet/telnet-decoder.ts";
import { ascii, DO, IAC, IP, NAWS, oneByOne, randomPieces, SB, SE, TM, TTYPE, WILL } from "./telnet-bytes.ts";

/** Feeds `input` in the given piece sizes; data tokens are merged so splits compare equal. */
function tokens(input: number[], pieces: number[] = [input.length]): unknown[] {
  const decoder = new TelnetDecoder();
  const out: unknown[] = [];
  let at = 0;
  for (const size of pieces) {
    for (const token of decoder.feed(Uint8Array.from(input.slice(at, at + size)))) out.push(plain(token));
    at += size;
  }
  if (at < input.length) throw new Error("pieces do not cover the input");
  return out.reduce<unknown[]>((merged, token) => {
    const last = merged.at(-1) as { data?: number[] } | undefined;
    const data = (token as { data?: number[] }).data;
    if (last?.data && data) last.data.push(...data);
    else merged.push(token);
    return merged;
  }, []);
}

function plain(token: TelnetToken) {
  switch (token.kind) {
    case "data":
      return { data: [...token.bytes] };
    case "subnegotiation":
      return { sb: token.option, payload: [...token.payload] };
    case "command":
      return { command: token.code };
    case "negotiate":
      return { verb: token.verb, option: token.option };
  }
}

describe("telnet decoder", () => {
  // Text, a NAWS report, Ctrl-C (IP + DO TM), a literal 0xFF, a TTYPE report holding IAC IAC, an offer.
  const session = [
    ...ascii("hi"),
    IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE,
    ...ascii(" there"),
    IAC, IP, IAC, DO, TM,
    IAC, IAC,
    IAC, SB, TTYPE, 0, ...ascii("VT"), IAC, IAC, IAC, SE,
    IAC, WILL, NAWS,
    ...ascii("!"),
  ];
  const expected = [
    { data: ascii("hi") },
    { sb: NAWS, payload: [0, 80, 0, 24] },
    { data: ascii(" there") },
    { command: IP },
    { verb: DO, option: TM },
    { data: [0xff] },
    { sb: TTYPE, payload: [0, ...ascii("VT"), 0xff] },
    { verb: WILL, option: NAWS },
    { data: ascii("!") },
  ];

  test("splits a stream into data, commands, negotiation and subnegotiations, in order", () => {
    expect(tokens(session)).toEqual(expected);
  });

  test("gives the same tokens fed byte by byte", () => {
    expect(tokens(session, oneByOne(session))).toEqual(expected);
  });

  test("gives the same tokens for random splits", () => {
    for (let seed = 1; seed <= 200; seed++) expect(tokens(session, randomPieces(session.length, seed))).toEqual(expected);
  });

  test("IAC IAC is one literal 0xFF byte", () => {
    expect(tokens([IAC, IAC, IAC, IAC], [1, 2, 1])).toEqual([{ data: [0xff, 0xff] }]);
  });

  test("a malformed subnegotiation (IAC x before SE) ends, and x is read as a command", () => {
    expect(tokens([IAC, SB, NAWS, 1, 2, IAC, IP, ...ascii("a")])).toEqual([{ command: IP }, { data: ascii("a") }]);
  });

  test("an endless subnegotiation keeps only a bounded payload", () => {
    const input = [IAC, SB, TTYPE, ...new Array(10_000).fill(0x41), IAC, SE];
    const [token] = tokens(input, randomPieces(input.length, 7)) as { payload: number[] }[];
    expect(token!.payload.length).toBeLessThanOrEqual(64);
  });

  test("passes plain text through as it came, and does not take it for a telnet client", () => {
    const decoder = new TelnetDecoder();
    const chunk = Uint8Array.from(ascii("hello\n"));
    expect(decoder.feed(chunk)).toEqual([{ kind: "data", bytes: chunk }]);
    expect(decoder.sawCommand).toBe(false);
    decoder.feed(Uint8Array.of(IAC, IP));
    expect(decoder.sawCommand).toBe(true);
  });
});
