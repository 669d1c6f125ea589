import { DO, DONT, IAC, SB, SE, TIMING_MARK, WILL, WONT } from "./telnet-codes.ts";

/** What one chunk of socket input held once telnet commands were taken out. */
export interface TelnetChunk {
  /** The application bytes, with every telnet command removed and IAC IAC turned into 0xFF. */
  readonly data: Uint8Array;
  /** Negotiation answers to send back, or undefined when there are none. */
  readonly reply: Uint8Array | undefined;
}

const enum State {
  Data,
  /** After IAC. */
  Command,
  /** After IAC WILL/WONT/DO/DONT, waiting for the option byte. */
  Option,
  /** Inside IAC SB ... */
  Subnegotiation,
  /** After IAC inside a subnegotiation. */
  SubnegotiationCommand,
}

const REFUSED_DO = 1;
const REFUSED_WILL = 2;

/**
 * Strips telnet commands from a byte stream that may split them anywhere, and answers
 * negotiation. Line mode needs no option, so every offer is refused (DO x -> WONT x,
 * WILL x -> DONT x); DO TIMING-MARK is always answered with WONT TIMING-MARK.
 *
 * Loop safety (RFC 1143): refusals (WONT/DONT) are never answered, and each request
 * (DO x, WILL x) is answered once per connection: our side of every option stays off,
 * so repeating the refusal could only feed a loop with a confused client.
 *
 * Replies are only ever produced in answer to an IAC from the client, so a client that
 * never sent one (nc) never receives a 0xFF byte from here.
 */
export class TelnetDecoder {
  #state = State.Data;
  #verb = 0;
  /** Per option, which requests were already refused (REFUSED_DO, REFUSED_WILL bits). */
  readonly #refused = new Uint8Array(256);
  #sawCommand = false;

  /** True once the client has sent any telnet command: it is a telnet client, not nc. */
  get sawCommand(): boolean {
    return this.#sawCommand;
  }

  feed(chunk: Uint8Array): TelnetChunk {
    // Fast path: plain text with no command in progress passes through untouched.
    if (this.#state === State.Data && !chunk.includes(IAC)) return { data: chunk, reply: undefined };
    const data: number[] = [];
    const reply: number[] = [];
    for (const byte of chunk) this.#step(byte, data, reply);
    return {
      data: Uint8Array.from(data),
      reply: reply.length > 0 ? Uint8Array.from(reply) : undefined,
    };
  }

  #step(byte: number, data: number[], reply: number[]): void {
    switch (this.#state) {
      case State.Data:
        if (byte === IAC) {
          this.#sawCommand = true;
          this.#state = State.Command;
        } else data.push(byte);
        return;
      case State.Command:
        this.#command(byte, data);
        return;
      case State.Option:
        this.#negotiate(this.#verb, byte, reply);
        this.#state = State.Data;
        return;
      case State.Subnegotiation:
        // Line mode uses no subnegotiation (NAWS, TTYPE...): its content is dropped.
        if (byte === IAC) this.#state = State.SubnegotiationCommand;
        return;
      case State.SubnegotiationCommand:
        if (byte === SE) this.#state = State.Data;
        else if (byte === IAC) this.#state = State.Subnegotiation;
        // A malformed block (IAC x inside SB): end it and read x as a command.
        else this.#command(byte, data);
        return;
    }
  }

  #command(byte: number, data: number[]): void {
    if (byte === IAC) {
      data.push(IAC);
      this.#state = State.Data;
    } else if (byte === WILL || byte === WONT || byte === DO || byte === DONT) {
      this.#verb = byte;
      this.#state = State.Option;
    } else if (byte === SB) {
      this.#state = State.Subnegotiation;
    } else {
      // Two-byte commands (IP, AYT, EC, EL, NOP, ...) mean nothing in line mode.
      this.#state = State.Data;
    }
  }

  #negotiate(verb: number, option: number, reply: number[]): void {
    if (verb === DO && option === TIMING_MARK) {
      // Answered every time: each Ctrl-C sends a fresh DO TIMING-MARK and waits for it.
      reply.push(IAC, WONT, TIMING_MARK);
      return;
    }
    if (verb === WONT || verb === DONT) return;
    const flag = verb === DO ? REFUSED_DO : REFUSED_WILL;
    if (this.#refused[option]! & flag) return;
    this.#refused[option]! |= flag;
    reply.push(IAC, verb === DO ? WONT : DONT, option);
  }
}
