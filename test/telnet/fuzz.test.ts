/**
 * Fuzz tests of the telnet input path (issue 10): the telnet decoder and protocol, the line
 * decoder, the key decoder and the line editor, each fed random input through its public
 * API, whole and cut at random points.
 *
 * The seeds are fixed, so a failure repeats: its message names the seed, and
 * `FUZZ_SEED=n bun test test/telnet/fuzz.test.ts` replays that one case. `FUZZ_CASES=n`
 * runs n cases per test instead of the default, to search harder locally.
 */
import { describe, expect, test } from "bun:test";
import { KeyDecoder, type EditKey, type Key } from "../../src/terminal/key-decoder.ts";
import { LineDecoder, type LineEvent } from "../../src/telnet/line-decoder.ts";
import { LineEditor } from "../../src/terminal/line-editor.ts";
import { MAX_SUBNEGOTIATION, TelnetDecoder, type TelnetToken } from "../../src/telnet/telnet-decoder.ts";
import { TelnetProtocol, type TelnetInput } from "../../src/telnet/telnet-protocol.ts";
import { DO, DONT, EC, ECHO, EL, IAC, IP, NAWS, SB, SE, SGA, TM, TTYPE, WILL, WONT } from "./telnet-bytes.ts";

// ---------------------------------------------------------------- randomness

/** mulberry32: a tiny seeded generator, so that a case is replayed from its seed alone. */
class Random {
  #state: number;

  constructor(readonly seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Cuts `items` into consecutive pieces: sometimes one by one, otherwise of random sizes. */
  split<T>(items: readonly T[]): T[][] {
    const oneByOne = this.chance(0.2);
    const largest = 1 + this.int(64);
    const pieces: T[][] = [];
    for (let at = 0; at < items.length; ) {
      const size = oneByOne ? 1 : 1 + this.int(largest);
      pieces.push(items.slice(at, at + size));
      at += size;
    }
    return pieces;
  }
}

const CASES = Number(process.env.FUZZ_CASES ?? 0);

/** Runs `check` once per seed; a failure names its seed. */
function eachSeed(cases: number, check: (random: Random) => void): void {
  const seeds = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : Array.from({ length: CASES || cases }, (_, i) => i + 1);
  for (const seed of seeds) {
    try {
      check(new Random(seed));
    } catch (error) {
      throw new Error(`seed ${seed} (replay with FUZZ_SEED=${seed}): ${(error as Error).message}`, { cause: error });
    }
  }
}

// ---------------------------------------------------------------- telnet bytes

const NUL = 0x00, LF = 0x0a, CR = 0x0d, BS = 0x08, DEL = 0x7f;
const NOP = 0xf1, TTYPE_IS = 0x00, TTYPE_SEND = 0x01;
const VERBS = [WILL, WONT, DO, DONT];
const OPTIONS = [ECHO, SGA, TM, TTYPE, NAWS, 0x05, 0x22, 0x27, IAC];

/** Well-formed commands, so that the paths past the first byte of each are reached too. */
const COMMANDS: ((random: Random) => number[])[] = [
  (r) => [IAC, r.pick(VERBS), r.pick(OPTIONS)],
  (r) => [IAC, r.pick([IP, EC, EL, NOP, SE])],
  (r) => [IAC, SB, NAWS, 0, r.pick([0, 1, 80, 255]), 0, 24, IAC, SE].flatMap((b, i) => (b === IAC && i > 2 && i < 7 ? [IAC, IAC] : [b])),
  () => [IAC, SB, TTYPE, TTYPE_IS, ...Buffer.from("XTERM-256COLOR"), IAC, SE],
  () => [IAC, IAC],
];

/** Random bytes, most of them ones the telnet and line layers treat specially. */
function telnetBytes(random: Random, length: number): Uint8Array {
  const bytes: number[] = [];
  while (bytes.length < length) {
    const roll = random.next();
    if (roll < 0.2) bytes.push(IAC);
    else if (roll < 0.35) bytes.push(random.pick([SB, SE, WILL, WONT, DO, DONT, IP, EC, EL, NOP]));
    else if (roll < 0.45) bytes.push(random.pick(OPTIONS), random.pick([TTYPE_IS, TTYPE_SEND]));
    else if (roll < 0.55) bytes.push(random.pick([CR, LF, NUL]));
    else if (roll < 0.65) bytes.push(...random.pick(COMMANDS)(random));
    else if (roll < 0.85) bytes.push(0x20 + random.int(0x5f));
    else bytes.push(random.int(256));
  }
  return Uint8Array.from(bytes);
}

/** Feeds `bytes` whole, or in random pieces, and returns what each feed produced. */
function feedBytes<T>(bytes: Uint8Array, random: Random | undefined, feed: (chunk: Uint8Array) => T): T[] {
  const pieces = random ? random.split([...bytes]) : [[...bytes]];
  return pieces.map((piece) => feed(Uint8Array.from(piece)));
}

/** Tokens as plain values, with runs of data merged: how a stream splits data is not part of its meaning. */
function plainTokens(tokens: readonly (TelnetToken | TelnetInput)[]): unknown[] {
  const plain: unknown[] = [];
  for (const token of tokens) {
    const last = plain.at(-1) as { data?: number[] } | undefined;
    if (token.kind === "data") {
      if (last?.data) last.data.push(...token.bytes);
      else if (token.bytes.length > 0) plain.push({ data: [...token.bytes] });
    } else if (token.kind === "subnegotiation") plain.push({ ...token, payload: [...token.payload] });
    else plain.push(token);
  }
  return plain;
}

describe("telnet decoder under random input", () => {
  test("decodes the same tokens whether a stream arrives whole or split anywhere", () => {
    eachSeed(300, (random) => {
      const bytes = telnetBytes(random, random.int(400));
      const whole = plainTokens(new TelnetDecoder().feed(bytes));
      const decoder = new TelnetDecoder();
      const split = plainTokens(feedBytes(bytes, random, (chunk) => decoder.feed(chunk)).flat());
      expect(split).toEqual(whole);
      const dataBytes = whole.reduce<number>((sum, token) => sum + ((token as { data?: number[] }).data?.length ?? 0), 0);
      expect(dataBytes).toBeLessThanOrEqual(bytes.length);
    });
  });

  test("passes exactly the data of a well-formed stream, commands removed and IAC IAC undoubled", () => {
    eachSeed(300, (random) => {
      // The stream is built from known parts, so the tokens it must decode to are known.
      const bytes: number[] = [];
      const expected: TelnetToken[] = [];
      for (let parts = random.int(30); parts > 0; parts--) {
        const roll = random.next();
        if (roll < 0.4) {
          const data = Array.from({ length: 1 + random.int(20) }, () => random.pick([IAC, CR, LF, NUL, 0x41, random.int(256)]));
          bytes.push(...data.flatMap((b) => (b === IAC ? [IAC, IAC] : [b])));
          expected.push({ kind: "data", bytes: Uint8Array.from(data) });
        } else if (roll < 0.6) {
          const verb = random.pick(VERBS);
          const option = random.int(256);
          bytes.push(IAC, verb, option);
          expected.push({ kind: "negotiate", verb, option });
        } else if (roll < 0.8) {
          // Any byte after IAC that starts no longer sequence is a two-byte command.
          const code = random.pick([IP, EC, EL, NOP, SE, 0xf9, random.int(0xf0)]);
          bytes.push(IAC, code);
          expected.push({ kind: "command", code });
        } else {
          const option = random.int(256);
          const payload = Array.from({ length: random.int(100) }, () => random.pick([IAC, 0, 80, random.int(256)]));
          bytes.push(IAC, SB, option, ...payload.flatMap((b) => (b === IAC ? [IAC, IAC] : [b])), IAC, SE);
          // Only the first 64 payload bytes are kept: a window size or terminal type is tiny.
          expected.push({ kind: "subnegotiation", option, payload: Uint8Array.from(payload.slice(0, 64)) });
        }
      }
      const decoder = new TelnetDecoder();
      const tokens = feedBytes(Uint8Array.from(bytes), random, (chunk) => decoder.feed(chunk)).flat();
      expect(plainTokens(tokens)).toEqual(plainTokens(expected));
    });
  });

  test("holds at most 64 bytes of a subnegotiation, and one that never ends is reported once past 16 KB", () => {
    const decoder = new TelnetDecoder();
    const filler = new Uint8Array(MAX_SUBNEGOTIATION).fill(0x41);
    expect(decoder.feed(Uint8Array.of(IAC, SB, TTYPE))).toEqual([]);
    expect(decoder.feed(filler)).toEqual([]);
    // What the block ends with is what was held: at most 64 bytes, not 16 KB.
    const [token] = decoder.feed(Uint8Array.of(IAC, SE));
    expect(token).toEqual({ kind: "subnegotiation", option: TTYPE, payload: filler.subarray(0, 64) });
    // One byte more and the block is given up: said once, and what follows is data.
    expect(decoder.feed(Uint8Array.of(IAC, SB, TTYPE))).toEqual([]);
    expect(decoder.feed(Uint8Array.of(...filler, 0x41, 0x68, 0x69))).toEqual([{ kind: "overrun" }, { kind: "data", bytes: Uint8Array.of(0x68, 0x69) }]);
  });

  test("a 1 MB storm of IAC SB yields nothing, and the decoder reads the next block after IAC SE", () => {
    const decoder = new TelnetDecoder();
    const storm = new Uint8Array(64 * 1024).map((_, i) => (i % 2 === 0 ? IAC : SB));
    for (let i = 0; i < 16; i++) expect(decoder.feed(storm)).toEqual([]);
    // IAC SE closes whatever block the storm left open; what follows is read as usual.
    const after = decoder.feed(Uint8Array.of(IAC, SE, IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE, 0x68, 0x69));
    expect(after.slice(-2)).toEqual([
      { kind: "subnegotiation", option: NAWS, payload: Uint8Array.of(0, 80, 0, 24) },
      { kind: "data", bytes: Uint8Array.of(0x68, 0x69) },
    ]);
  });
});

describe("telnet protocol under random input", () => {
  test("reports the same inputs and answers the same whether a stream arrives whole or split anywhere", () => {
    eachSeed(300, (random) => {
      const bytes = telnetBytes(random, random.int(400));
      const offer = random.chance(0.5);
      const run = (pieces: Random | undefined) => {
        const protocol = new TelnetProtocol();
        if (offer) protocol.offerCharacterMode();
        const feeds = feedBytes(bytes, pieces, (chunk) => protocol.feed(chunk));
        return { inputs: feeds.flatMap((f) => f.inputs), reply: feeds.flatMap((f) => [...(f.reply ?? [])]) };
      };
      const whole = run(undefined);
      const split = run(random);
      expect(plainTokens(split.inputs)).toEqual(plainTokens(whole.inputs));
      expect(split.reply).toEqual(whole.reply);
      for (const input of whole.inputs) {
        if (input.kind === "window") expect(input.columns).toBeGreaterThan(0);
        if (input.kind === "terminal-type") expect(input.name).toMatch(/^[\x21-\x7e]{1,63}$/);
      }
    });
  });

  test("never answers a refusal: a stream of WONT and DONT gets no reply, so negotiation cannot loop", () => {
    eachSeed(100, (random) => {
      const protocol = new TelnetProtocol();
      if (random.chance(0.5)) protocol.offerCharacterMode();
      const refusals = Array.from({ length: 1 + random.int(100) }, () => [IAC, random.pick([WONT, DONT]), random.pick([...OPTIONS, random.int(256)])]);
      const replies = feedBytes(Uint8Array.from(refusals.flat()), random, (chunk) => protocol.feed(chunk).reply);
      expect(replies.filter(Boolean)).toEqual([]);
    });
  });
});

// ---------------------------------------------------------------- line decoder

/** Complete lines of a byte stream, by the rule the decoder documents: CR LF, CR NUL, CR and LF end a line. */
function referenceLines(bytes: Uint8Array): number[][] {
  const lines: number[][] = [];
  let line: number[] = [];
  let afterCr = false;
  for (const byte of bytes) {
    const continuesLineEnd = afterCr && (byte === LF || byte === NUL);
    afterCr = false;
    if (continuesLineEnd) continue;
    if (byte === CR || byte === LF) {
      lines.push(line);
      line = [];
      afterCr = byte === CR;
    } else line.push(byte);
  }
  return lines;
}

/** What a line-mode user meant: each Backspace or DEL erases the character before it. */
function erased(text: string): string {
  const kept: string[] = [];
  for (const char of text) char === "\b" || char === "\x7f" ? kept.pop() : kept.push(char);
  return kept.join("");
}

const LINE_BYTES = [CR, LF, NUL, BS, DEL, 0x61, 0x20, 0xc3, 0xa9, 0xe2, 0x80, 0xae, 0xff, IAC];

describe("line decoder under random input", () => {
  test("finds the same lines whether bytes arrive whole or split, and no line holds CR or LF", () => {
    eachSeed(300, (random) => {
      const bytes = Uint8Array.from({ length: random.int(600) }, () => random.pick(LINE_BYTES));
      const maxLine = 4 + random.int(60);
      const whole = new LineDecoder(maxLine, 1 << 30).feed(bytes);
      const decoder = new LineDecoder(maxLine, 1 << 30);
      const split = feedBytes(bytes, random, (chunk) => decoder.feed(chunk)).flat();
      expect(split).toEqual(whole);
      for (const event of whole) if (event.kind === "line") expect(event.text).not.toMatch(/[\r\n]/);
    });
  });

  test("reports a line over maxLine as too long with its full byte count, and keeps the others", () => {
    eachSeed(300, (random) => {
      const bytes = Uint8Array.from({ length: random.int(600) }, () => random.pick(LINE_BYTES));
      const maxLine = 4 + random.int(60);
      const decoder = new LineDecoder(maxLine, 1 << 30);
      const events = feedBytes(bytes, random, (chunk) => decoder.feed(chunk)).flat();
      const utf8 = new TextDecoder();
      const expected: LineEvent[] = referenceLines(bytes).map((line) =>
        line.length > maxLine ? { kind: "too-long", bytes: line.length } : { kind: "line", text: erased(utf8.decode(Uint8Array.from(line))) },
      );
      expect(events).toEqual(expected);
    });
  });

  test("a line that never ends is one overflow at the hard cap, and nothing after it", () => {
    eachSeed(50, (random) => {
      const hardCap = 1000 + random.int(5000);
      const decoder = new LineDecoder(64, hardCap);
      const bytes = Uint8Array.from({ length: hardCap + 1 + random.int(2000) }, () => random.pick([0x61, BS, NUL, 0xc3]));
      const events = feedBytes(bytes, random, (chunk) => decoder.feed(chunk)).flat();
      expect(events).toHaveLength(1);
      expect(events[0]!.kind).toBe("overflow");
      expect((events[0] as { bytes: number }).bytes).toBeGreaterThan(hardCap);
      expect(decoder.feed(Uint8Array.of(0x61, LF))).toEqual([]);
    });
  });
});

// ---------------------------------------------------------------- keys

/** Not text on a terminal: C0, DEL, C1, bidi marks, embeddings, overrides, isolates, line/paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Printable text, wide and narrow, in one or two UTF-16 units, with marks that join what precedes them. */
const TEXT = ["a", "Z", " ", "~", "é", "e\u0301", "\u0308", "漢", "字", "😀", "👍🏽", "🇫🇷", "🇫", "👩‍👩‍👧", "\u200d", "\ufe0f", "ﷺ", "\u{1d11e}", "\ud800\udc00"];

/** What a terminal may send besides text: escape sequences (some broken), controls, bidi marks. */
const CONTROL_INPUT = [
  "\x1b", "\x1b[", "\x1bO", "[", "O", "1", ";", "~", "A", "\x1b[A", "\x1b[3~", "\x1b[1;5C", "\x1bOF", "\x1b[200~",
  "\x1b[" + "9".repeat(20), "\r", "\n", "\0", "\r\0", "\r\n", "\t", "\x03", "\x04", "\x0c", "\x15", "\x17", "\x7f",
  "\x07", "\x08", "\x85", "\x9b", "\x9b31m", "\u202e", "\u2066", "\u200f", "\u061c", "\u2028",
];

/** A random string of code points (never a lone surrogate: the input has been through a UTF-8 decoder). */
function terminalInput(random: Random, pieces: number): string {
  return Array.from({ length: pieces }, () => (random.chance(0.5) ? random.pick(TEXT) : random.pick(CONTROL_INPUT))).join("");
}

/** Keys with adjacent text merged: how input was split into reads may split a run of text. */
function plainKeys(keys: readonly Key[]): Key[] {
  const plain: Key[] = [];
  for (const key of keys) {
    const last = plain.at(-1);
    if (key.kind === "text" && last?.kind === "text") plain[plain.length - 1] = { kind: "text", text: last.text + key.text };
    else plain.push(key);
  }
  return plain;
}

describe("key decoder under random input", () => {
  test("text keys never hold a control character, an ESC or a bidi control", () => {
    eachSeed(500, (random) => {
      for (const key of new KeyDecoder().feed(terminalInput(random, random.int(200)))) {
        if (key.kind !== "text") continue;
        expect(key.text).not.toBe("");
        expect(key.text).not.toMatch(CONTROL);
        expect(key.text.isWellFormed()).toBe(true);
      }
    });
  });

  test("decodes the same keys whether input arrives whole or split between code points", () => {
    eachSeed(500, (random) => {
      const input = terminalInput(random, random.int(200));
      const whole = new KeyDecoder().feed(input);
      const decoder = new KeyDecoder();
      const split = random.split([...input]).flatMap((piece) => decoder.feed(piece.join("")));
      expect(plainKeys(split)).toEqual(plainKeys(whole));
    });
  });
});

// ---------------------------------------------------------------- line editor

const EDIT_KEYS: readonly EditKey[] = [
  "enter", "backspace", "delete", "left", "right", "home", "end", "up", "down", "tab",
  "interrupt", "eof", "clear-line", "delete-word", "kill-to-end", "redraw",
];
const PROMPTS = ["", "> ", "[ann] ", "[漢字] "];
const NICKS = ["bob", "carol", "chris", "ädam", "漢字", "a".repeat(40)];
const CURSOR_KEYS: readonly EditKey[] = ["redraw", "left", "right", "home", "end"];
const utf8Length = (text: string) => Buffer.byteLength(text, "utf8");

/** What the editor may print besides text: CR and CSI sequences (cursor moves, erase). */
const CSI = /\x1b\[[0-9;]*[A-Za-z]/g;

function randomKeys(random: Random): Key[] {
  if (random.chance(0.3)) return new KeyDecoder().feed(terminalInput(random, random.int(40)));
  return Array.from({ length: 1 + random.int(30) }, () => {
    if (random.chance(0.5)) return { kind: random.pick(EDIT_KEYS) };
    // Mostly a key or two of typing, sometimes a paste far longer than the line may be.
    const length = random.chance(0.9) ? 1 + random.int(3) : 1 + random.int(1500);
    return { kind: "text", text: Array.from({ length }, () => random.pick(TEXT)).join("") };
  });
}

function expectCleanLine(line: string, maxBytes: number): void {
  expect(line.isWellFormed(), "line is well-formed UTF-16").toBe(true);
  expect(line).not.toMatch(CONTROL);
  expect(utf8Length(line), `line of ${utf8Length(line)} bytes exceeds maxBytes ${maxBytes}`).toBeLessThanOrEqual(maxBytes);
}

function expectCleanOutput(output: string): void {
  expect(output.isWellFormed(), "output is well-formed UTF-16").toBe(true);
  expect(output.replace(CSI, "").replaceAll("\r", "")).not.toMatch(CONTROL);
}

/** Short names for keys, to say in a failure which feed broke the editor. */
const describeKeys = (keys: readonly Key[]) =>
  keys.map((key) => (key.kind === "text" ? JSON.stringify(key.text.length > 12 ? `${key.text.slice(0, 12)}…(${key.text.length})` : key.text) : key.kind)).join(" ");

describe("line editor under random keys", () => {
  test("keeps the line clean text within maxBytes, submits only such lines, prints only text, CR and CSI", () => {
    eachSeed(150, (random) => {
      const maxBytes = 64 + random.int(2048 - 64);
      const editor = new LineEditor({ maxBytes, completions: () => NICKS, historySize: 1 + random.int(5) });
      editor.setPrompt(random.pick(PROMPTS));
      editor.setColumns(1 + random.int(300));
      for (let feeds = random.int(60); feeds > 0; feeds--) {
        if (random.chance(0.1)) editor.setColumns(1 + random.int(300));
        const keys = randomKeys(random);
        const before = editor.text;
        try {
          const { output, actions } = editor.feed(keys);
          expectCleanOutput(output);
          expectCleanLine(editor.text, maxBytes);
          for (const action of actions) if (action.kind === "submit") expectCleanLine(action.line, maxBytes);
        } catch (error) {
          throw new Error(`${(error as Error).message}\nline before: ${JSON.stringify(before)}\nkeys: ${describeKeys(keys)}`);
        }
      }
      expectCleanOutput(editor.render());
    });
  });

  test("a burst of 20,000 redraw and cursor keys on a 2,040-character line costs a few redraws, not one per key", () => {
    // Issue 10 item 2: 60,000 Ctrl-L after 2,040 characters froze the server, as each key redrew the line.
    const random = new Random(1);
    const prompt = "[ann] ";
    const columns = 80;
    const editor = new LineEditor({ maxBytes: 2048, completions: () => [] });
    editor.setPrompt(prompt);
    editor.setColumns(columns);
    editor.feed([{ kind: "text", text: "a".repeat(2040) }]);
    const burst = Array.from({ length: 20_000 }, () => ({ kind: random.pick(CURSOR_KEYS) }));
    const { output } = editor.feed(burst);
    expect(output.length, "output of one burst of keys").toBeLessThanOrEqual(4 * (columns + prompt.length + 64));
  });
});
