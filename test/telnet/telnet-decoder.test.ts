import { describe, expect, test } from "bun:test";
import { TelnetDecoder } from "../../src/telnet/telnet-decoder.ts";

const IAC = 0xff, DONT = 0xfe, DO = 0xfd, WONT = 0xfc, WILL = 0xfb, SB = 0xfa, SE = 0xf0;
const TM = 0x06, ECHO = 0x01, SGA = 0x03, NAWS = 0x1f, IP = 0xf4;

/** Feeds `input` in the given piece sizes and gathers what came out. */
function decode(input: number[], pieces: number[] = [input.length]) {
  const decoder = new TelnetDecoder();
  const data: number[] = [];
  const reply: number[] = [];
  let at = 0;
  for (const size of pieces) {
    const chunk = decoder.feed(Uint8Array.from(input.slice(at, at + size)));
    data.push(...chunk.data);
    if (chunk.reply) reply.push(...chunk.reply);
    at += size;
  }
  if (at < input.length) throw new Error("pieces do not cover the input");
  return { data, reply, sawCommand: decoder.sawCommand };
}

const ascii = (s: string) => [...Buffer.from(s, "latin1")];
const oneByOne = (input: number[]) => input.map(() => 1);

/** Random piece sizes that cover `length`, from a seeded generator so failures repeat. */
function randomPieces(length: number, seed: number): number[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) % 5) + 1;
  const pieces: number[] = [];
  for (let left = length; left > 0; ) {
    const size = Math.min(left, next());
    pieces.push(size);
    left -= size;
  }
  return pieces;
}

describe("telnet decoder", () => {
  // Everything a real session mixes: text, a NAWS report, Ctrl-C (IP + DO TM), a literal 0xFF, an offer.
  const session = [
    ...ascii("hi"),
    IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE,
    ...ascii(" there"),
    IAC, IP, IAC, DO, TM,
    IAC, IAC,
    IAC, WILL, NAWS,
    ...ascii("!"),
  ];
  const expectedData = [...ascii("hi there"), 0xff, ...ascii("!")];
  const expectedReply = [IAC, WONT, TM, IAC, DONT, NAWS];

  test("strips every command and answers negotiation, fed whole", () => {
    const out = decode(session);
    expect(out.data).toEqual(expectedData);
    expect(out.reply).toEqual(expectedReply);
    expect(out.sawCommand).toBe(true);
  });

  test("gives the same result fed byte by byte", () => {
    const out = decode(session, oneByOne(session));
    expect(out.data).toEqual(expectedData);
    expect(out.reply).toEqual(expectedReply);
  });

  test("gives the same result for random splits", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const out = decode(session, randomPieces(session.length, seed));
      expect(out.data).toEqual(expectedData);
      expect(out.reply).toEqual(expectedReply);
    }
  });

  test("IAC IAC is one literal 0xFF byte, also inside a subnegotiation", () => {
    expect(decode([IAC, IAC, IAC, IAC]).data).toEqual([0xff, 0xff]);
    const out = decode([IAC, SB, 24, IAC, IAC, 1, IAC, SE, ...ascii("x")], [3, 1, 1, 1, 1, 1, 1]);
    expect(out.data).toEqual(ascii("x"));
  });

  test("answers DO TIMING-MARK with WONT TIMING-MARK every time (each Ctrl-C waits for it)", () => {
    const ctrlC = [IAC, IP, IAC, DO, TM];
    const out = decode([...ctrlC, ...ctrlC, ...ctrlC], [2, 3, 4, 6]);
    expect(out.reply).toEqual([IAC, WONT, TM, IAC, WONT, TM, IAC, WONT, TM]);
    expect(out.data).toEqual([]);
  });

  test("refuses offers: DO x with WONT x, WILL x with DONT x", () => {
    expect(decode([IAC, DO, ECHO, IAC, WILL, SGA]).reply).toEqual([IAC, WONT, ECHO, IAC, DONT, SGA]);
  });

  test("never answers a refusal", () => {
    expect(decode([IAC, WONT, ECHO, IAC, DONT, SGA, IAC, WONT, TM]).reply).toEqual([]);
  });

  test("does not answer the same request twice, so a confused client cannot start a loop", () => {
    const out = decode([IAC, DO, ECHO, IAC, WONT, ECHO, IAC, DO, ECHO, IAC, DO, ECHO, IAC, WILL, ECHO, IAC, WILL, ECHO]);
    expect(out.reply).toEqual([IAC, WONT, ECHO, IAC, DONT, ECHO]);
  });

  test("passes plain text through and does not take it for a telnet client", () => {
    const out = decode(ascii("hello\n"));
    expect(out.data).toEqual(ascii("hello\n"));
    expect(out.reply).toEqual([]);
    expect(out.sawCommand).toBe(false);
  });
});
