import { OptionNegotiator } from "./option-negotiator.ts";
import { EC, ECHO, EL, IAC, IP, NAWS, SB, SE, SGA, TTYPE, TTYPE_IS, TTYPE_SEND } from "./telnet-codes.ts";
import { TelnetDecoder } from "./telnet-decoder.ts";

/** What the client said, in order, once the telnet layer has interpreted it. */
export type TelnetInput =
  /** Typed bytes (text, control keys, escape sequences). */
  | { readonly kind: "data"; readonly bytes: Uint8Array }
  /** IAC IP (a line-mode client's Ctrl-C), IAC EC (erase character), IAC EL (erase line). */
  | { readonly kind: "interrupt" | "erase-char" | "erase-line" }
  /** The server now echoes the client's typing (character mode), or no longer does. */
  | { readonly kind: "echo"; readonly on: boolean }
  /** The client's window size in columns and rows (NAWS; rows 0 when unknown). */
  | { readonly kind: "window"; readonly columns: number; readonly rows: number }
  /** The client's terminal type (TTYPE), e.g. "XTERM-256COLOR". */
  | { readonly kind: "terminal-type"; readonly name: string }
  /** A subnegotiation that never ended (see `MAX_SUBNEGOTIATION`). */
  | { readonly kind: "overrun" };

/** The client's side of the exchange: what it sent, and the negotiation to send back. */
export interface TelnetFeed {
  readonly inputs: TelnetInput[];
  /** Negotiation answers, or undefined when there are none. */
  readonly reply: Uint8Array | undefined;
}

const COMMAND_INPUTS = new Map<number, TelnetInput>([
  [IP, { kind: "interrupt" }],
  [EC, { kind: "erase-char" }],
  [EL, { kind: "erase-line" }],
]);

/** Options we enable on our side when asked, and let the client enable. */
const WE_WILL: ReadonlySet<number> = new Set([ECHO, SGA]);
const CLIENT_MAY: ReadonlySet<number> = new Set([NAWS, TTYPE, SGA]);

/**
 * The telnet layer of one connection: strips commands from the input, negotiates the
 * options character mode needs (we WILL ECHO and SGA; the client may DO NAWS and TTYPE,
 * and SGA), and turns window-size and terminal-type reports into inputs.
 *
 * It never sends anything unasked: answers go only to a client that sent IAC, and the
 * offer only when the connection asks for it, so nc never receives a 0xFF byte.
 */
export class TelnetProtocol {
  readonly #decoder = new TelnetDecoder();
  readonly #options = new OptionNegotiator(WE_WILL, CLIENT_MAY);
  #offered = false;

  /** True once the client has sent any telnet command. */
  get sawCommand(): boolean {
    return this.#decoder.sawCommand;
  }

  /** Whether the server echoes and edits the line: the client agreed to character mode. */
  get serverEchoes(): boolean {
    return this.#options.isEnabled("us", ECHO);
  }

  /**
   * The offer of character mode (WILL ECHO, WILL SGA) plus requests for the window size
   * and terminal type. Only the first call returns bytes: nothing is asked twice.
   */
  offerCharacterMode(): Uint8Array | undefined {
    if (this.#offered) return undefined;
    this.#offered = true;
    const offer: number[] = [];
    this.#options.request("us", ECHO, offer);
    this.#options.request("us", SGA, offer);
    this.#options.request("him", NAWS, offer);
    this.#options.request("him", TTYPE, offer);
    return offer.length > 0 ? Uint8Array.from(offer) : undefined;
  }

  feed(chunk: Uint8Array): TelnetFeed {
    const inputs: TelnetInput[] = [];
    const reply: number[] = [];
    for (const token of this.#decoder.feed(chunk)) {
      switch (token.kind) {
        case "data":
          inputs.push(token);
          break;
        case "command": {
          const input = COMMAND_INPUTS.get(token.code);
          if (input) inputs.push(input);
          break;
        }
        case "negotiate": {
          const change = this.#options.receive(token.verb, token.option, reply);
          if (change?.side === "us" && change.option === ECHO) inputs.push({ kind: "echo", on: change.enabled });
          // The terminal type is only sent when asked for, once the client agreed to report it.
          if (change?.side === "him" && change.option === TTYPE && change.enabled)
            reply.push(IAC, SB, TTYPE, TTYPE_SEND, IAC, SE);
          break;
        }
        case "subnegotiation": {
          const input = subnegotiationInput(token.option, token.payload);
          if (input) inputs.push(input);
          break;
        }
        case "overrun":
          inputs.push(token);
          break;
      }
    }
    return { inputs, reply: reply.length > 0 ? Uint8Array.from(reply) : undefined };
  }
}

function subnegotiationInput(option: number, payload: Uint8Array): TelnetInput | undefined {
  if (option === NAWS && payload.length >= 4) {
    const columns = (payload[0]! << 8) | payload[1]!;
    const rows = (payload[2]! << 8) | payload[3]!;
    // 0 means "unknown" (RFC 1073); keep the default then.
    return columns > 0 ? { kind: "window", columns, rows } : undefined;
  }
  if (option === TTYPE && payload[0] === TTYPE_IS) {
    const name = new TextDecoder("latin1").decode(payload.subarray(1)).replace(/[^\x21-\x7e]/g, "");
    return name ? { kind: "terminal-type", name } : undefined;
  }
  return undefined;
}
