import { describe, expect, test } from "bun:test";
import { TelnetProtocol, type TelnetInput } from "../../src/telnet/telnet-protocol.ts";
import {
  ascii, DO, DONT, EC, ECHO, EL, IAC, IP, LINEMODE, NAWS, oneByOne, randomPieces, SB, SE, SGA, split, STATUS, TM, TTYPE, WILL, WONT,
} from "./telnet-bytes.ts";

/** Feeds `input` to `protocol` in pieces; data inputs are merged so splits compare equal. */
function feed(protocol: TelnetProtocol, input: number[], pieces: number[] = [input.length]) {
  const inputs: (TelnetInput | { kind: "data"; bytes: number[] })[] = [];
  const reply: number[] = [];
  for (const chunk of split(input, pieces)) {
    const out = protocol.feed(Uint8Array.from(chunk));
    if (out.reply) reply.push(...out.reply);
    for (const item of out.inputs) {
      const last = inputs.at(-1);
      if (item.kind === "data" && last?.kind === "data") (last.bytes as number[]).push(...item.bytes);
      else inputs.push(item.kind === "data" ? { kind: "data", bytes: [...item.bytes] } : item);
    }
  }
  return { inputs, reply };
}

const OFFER = [IAC, WILL, ECHO, IAC, WILL, SGA, IAC, DO, NAWS, IAC, DO, TTYPE];
/** What the Debian client (inetutils 2.4) answered to OFFER, captured on this machine. */
const DEBIAN_AGREES = [IAC, DO, ECHO, IAC, DO, SGA, IAC, WILL, NAWS, IAC, SB, NAWS, 0, 100, 0, 30, IAC, SE, IAC, WILL, TTYPE];
const SEND_TTYPE = [IAC, SB, TTYPE, 1, IAC, SE];
const TTYPE_IS = [IAC, SB, TTYPE, 0, ...ascii("TMUX-256COLOR"), IAC, SE];

describe("telnet negotiation", () => {
  test("offers character mode, window size and terminal type once, and never asks again", () => {
    const protocol = new TelnetProtocol();
    expect([...protocol.offerCharacterMode()!]).toEqual(OFFER);
    expect(protocol.offerCharacterMode()).toBeUndefined();
  });

  test("the Debian client's agreement turns on echo, reports the width, and is not answered back", () => {
    for (const pieces of [undefined, oneByOne(DEBIAN_AGREES), ...[1, 2, 3].map((seed) => randomPieces(DEBIAN_AGREES.length, seed))]) {
      const protocol = new TelnetProtocol();
      protocol.offerCharacterMode();
      const out = feed(protocol, DEBIAN_AGREES, pieces);
      expect(out.inputs).toEqual([{ kind: "echo", on: true }, { kind: "window", columns: 100, rows: 30 }]);
      // Only the request for the terminal type, which the client has just agreed to send.
      expect(out.reply).toEqual(SEND_TTYPE);
      expect(protocol.serverEchoes).toBe(true);
      expect(feed(protocol, TTYPE_IS, oneByOne(TTYPE_IS)).inputs).toEqual([{ kind: "terminal-type", name: "TMUX-256COLOR" }]);
    }
  });

  test("a refusal of the offer is not answered, and the client stays in line mode", () => {
    const protocol = new TelnetProtocol();
    protocol.offerCharacterMode();
    const out = feed(protocol, [IAC, DONT, ECHO, IAC, DONT, SGA, IAC, WONT, NAWS, IAC, WONT, TTYPE]);
    expect(out).toEqual({ inputs: [], reply: [] });
    expect(protocol.serverEchoes).toBe(false);
    expect(protocol.offerCharacterMode()).toBeUndefined();
  });

  test("a client that offers first (telnet on port 23) gets its wanted options, then only what is missing", () => {
    const protocol = new TelnetProtocol();
    const out = feed(protocol, [IAC, DO, SGA, IAC, WILL, TTYPE, IAC, WILL, NAWS, IAC, WILL, LINEMODE, IAC, DO, STATUS]);
    expect(out.reply).toEqual([IAC, WILL, SGA, IAC, DO, TTYPE, ...SEND_TTYPE, IAC, DO, NAWS, IAC, DONT, LINEMODE, IAC, WONT, STATUS]);
    expect([...protocol.offerCharacterMode()!]).toEqual([IAC, WILL, ECHO]);
  });

  test("refuses what it does not want once, so a confused client cannot start a loop", () => {
    const protocol = new TelnetProtocol();
    const out = feed(protocol, [IAC, DO, STATUS, IAC, WONT, STATUS, IAC, DO, STATUS, IAC, WILL, LINEMODE, IAC, WILL, LINEMODE]);
    expect(out.reply).toEqual([IAC, WONT, STATUS, IAC, DONT, LINEMODE]);
  });

  test("never answers a refusal", () => {
    expect(feed(new TelnetProtocol(), [IAC, WONT, ECHO, IAC, DONT, SGA, IAC, WONT, TM, IAC, DONT, NAWS]).reply).toEqual([]);
  });

  test("echo can be taken back and given again; a repeated request while on is not answered", () => {
    const protocol = new TelnetProtocol();
    protocol.offerCharacterMode();
    feed(protocol, [IAC, DO, ECHO]);
    expect(feed(protocol, [IAC, DO, ECHO]).reply).toEqual([]);
    expect(feed(protocol, [IAC, DONT, ECHO])).toEqual({ inputs: [{ kind: "echo", on: false }], reply: [IAC, WONT, ECHO] });
    expect(feed(protocol, [IAC, DO, ECHO])).toEqual({ inputs: [{ kind: "echo", on: true }], reply: [IAC, WILL, ECHO] });
  });

  test("answers DO TIMING-MARK with WONT TIMING-MARK every time, and reports Ctrl-C as an interrupt", () => {
    const ctrlC = [IAC, IP, IAC, DO, TM];
    const input = [...ctrlC, ...ctrlC, ...ctrlC];
    const out = feed(new TelnetProtocol(), input, [2, 3, 4, 6]);
    expect(out.reply).toEqual([IAC, WONT, TM, IAC, WONT, TM, IAC, WONT, TM]);
    expect(out.inputs).toEqual([{ kind: "interrupt" }, { kind: "interrupt" }, { kind: "interrupt" }]);
  });

  test("keeps data and commands in order, with IAC IAC as a literal byte", () => {
    const out = feed(new TelnetProtocol(), [...ascii("ab"), IAC, EC, ...ascii("c"), IAC, IAC, IAC, EL, ...ascii("d")]);
    expect(out.inputs).toEqual([
      { kind: "data", bytes: ascii("ab") },
      { kind: "erase-char" },
      { kind: "data", bytes: [...ascii("c"), 0xff] },
      { kind: "erase-line" },
      { kind: "data", bytes: ascii("d") },
    ]);
  });

  test("a window width of 0 (unknown) is ignored; a terminal type is cleaned to printable ASCII", () => {
    const protocol = new TelnetProtocol();
    const out = feed(protocol, [IAC, SB, NAWS, 0, 0, 0, 0, IAC, SE, IAC, SB, TTYPE, 0, ...ascii("x\x1bterm"), 0x9b, IAC, SE]);
    expect(out.inputs).toEqual([{ kind: "terminal-type", name: "xterm" }]);
  });

  test("plain text from nc gets no reply and is not taken for telnet", () => {
    const protocol = new TelnetProtocol();
    const out = feed(protocol, ascii("hello\nworld\n"));
    expect(out.reply).toEqual([]);
    expect(protocol.sawCommand).toBe(false);
  });
});
