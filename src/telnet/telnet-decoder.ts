import { DO, DONT, IAC, SB, SE, WILL, WONT } from "./telnet-codes.ts";

/** One piece of a telnet byte stream, in the order it arrived. */
export type TelnetToken =
  /** Application bytes, with IAC IAC already turned into one 0xFF byte. */
  | { readonly kind: "data"; readonly bytes: Uint8Array }
  /** A two-byte command: IAC IP, IAC EC, IAC EL, IAC NOP, ... */
  | { readonly kind: "command"; readonly code: number }
  /** IAC WILL/WONT/DO/DONT option. */
  | { readonly kind: "negotiate"; readonly verb: number; readonly option: number }
  /** IAC SB option payload IAC SE, with IAC IAC in the payload undoubled. */
  | { readonly kind: "subnegotiation"; readonly option: number; readonly payload: Uint8Array }
  /** An SB block went on past `MAX_SUBNEGOTIATION` bytes without its IAC SE: not a terminal. */
  | { readonly kind: "overrun" };

const enum State {
  Data,
  /** After IAC. */
  Command,
  /** After IAC WILL/WONT/DO/DONT, waiting for the option byte. */
  Option,
  /** After IAC SB, waiting for the option byte. */
  SubnegotiationOption,
  /** Inside IAC SB option ... */
  Subnegotiation,
  /** After IAC inside a subnegotiation. */
  SubnegotiationCommand,
}

/** Longest subnegotiation payload kept; the rest is dropped (a terminal type or a window size is tiny). */
const MAX_PAYLOAD = 64;

/**
 * Bytes an SB block may take before the client is taken for what it is: the same cap as a
 * line that never ends. Without it a client could send forever inside one block, never
 * ending a line, and never be cut off.
 */
export const MAX_SUBNEGOTIATION = 16 * 1024;

/**
 * Splits a telnet byte stream, which reads may cut anywhere (inside IAC sequences, inside
 * SB ... SE), into data and commands. It only parses: what to answer is up to the caller.
 */
export class TelnetDecoder {
  #state = State.Data;
  #verb = 0;
  #option = 0;
  /** The payload of the SB block being read (made per block: most clients never send one). */
  #payload: number[] | undefined;
  /** Bytes of the SB block being read, kept or not. */
  #blockBytes = 0;
  #sawCommand = false;

  /** True once the client has sent any telnet command: it is a telnet client, not nc. */
  get sawCommand(): boolean {
    return this.#sawCommand;
  }

  /** Parses the next chunk; data runs are merged so plain text costs one token. */
  feed(chunk: Uint8Array): TelnetToken[] {
    // Fast path: plain text with no command in progress passes through untouched.
    if (this.#state === State.Data && !chunk.includes(IAC)) return chunk.length > 0 ? [{ kind: "data", bytes: chunk }] : [];
    const tokens: TelnetToken[] = [];
    const data: number[] = [];
    const flushData = () => {
      if (data.length === 0) return;
      tokens.push({ kind: "data", bytes: Uint8Array.from(data) });
      data.length = 0;
    };
    for (const byte of chunk) {
      const token = this.#step(byte, data);
      if (token) {
        flushData();
        tokens.push(token);
      }
    }
    flushData();
    return tokens;
  }

  #step(byte: number, data: number[]): TelnetToken | undefined {
    switch (this.#state) {
      case State.Data:
        if (byte === IAC) {
          this.#sawCommand = true;
          this.#state = State.Command;
        } else data.push(byte);
        return undefined;
      case State.Command:
        return this.#command(byte, data);
      case State.Option:
        this.#state = State.Data;
        return { kind: "negotiate", verb: this.#verb, option: byte };
      case State.SubnegotiationOption:
        this.#option = byte;
        this.#payload = undefined;
        this.#blockBytes = 0;
        this.#state = State.Subnegotiation;
        return undefined;
      case State.Subnegotiation:
        if (byte === IAC) this.#state = State.SubnegotiationCommand;
        else return this.#keep(byte);
        return undefined;
      case State.SubnegotiationCommand:
        if (byte === IAC) {
          this.#state = State.Subnegotiation;
          return this.#keep(IAC);
        }
        if (byte === SE) {
          this.#state = State.Data;
          const payload = Uint8Array.from(this.#payload ?? []);
          this.#payload = undefined;
          return { kind: "subnegotiation", option: this.#option, payload };
        }
        // A malformed block (IAC x inside SB): drop it and read x as a command.
        return this.#command(byte, data);
    }
  }

  /** Takes a payload byte; past `MAX_SUBNEGOTIATION` of them, gives the block up (said once) and reads data again. */
  #keep(byte: number): TelnetToken | undefined {
    if (++this.#blockBytes > MAX_SUBNEGOTIATION) {
      this.#state = State.Data;
      this.#payload = undefined;
      return { kind: "overrun" };
    }
    const payload = (this.#payload ??= []);
    if (payload.length < MAX_PAYLOAD) payload.push(byte);
    return undefined;
  }

  #command(byte: number, data: number[]): TelnetToken | undefined {
    this.#state = State.Data;
    if (byte === IAC) {
      data.push(IAC);
    } else if (byte === WILL || byte === WONT || byte === DO || byte === DONT) {
      this.#verb = byte;
      this.#state = State.Option;
    } else if (byte === SB) {
      this.#state = State.SubnegotiationOption;
    } else {
      return { kind: "command", code: byte };
    }
    return undefined;
  }
}
