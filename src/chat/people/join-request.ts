import type { Seat } from "../admission/admission.ts";
import type { Transport } from "../events.ts";
import type { Proof } from "../identity/proof.ts";

/** What a transport asks for when a client joins the chat (or comes back to it). */
export interface JoinRequest {
  nick: string;
  transport: Transport;
  /** The place `admit` gave the client; the member keeps it until the transport releases it. */
  seat: Seat;
  /**
   * Who this is, when the client was a member before (a browser whose session outlived a
   * restart): its private messages are still its own. A new identity when absent.
   */
  identity?: string;
  /** The room to come back to (#lobby when absent). */
  room?: string;
  /** Every room to come back to, when more than `room`, in the order they were joined. */
  rooms?: readonly string[];
  /** How far the member had read each of its rooms (`Membership.readUpTo`), by name: a kept web session's read state. */
  readUpTo?: Readonly<Record<string, number>>;
  /**
   * Lines over the rate wait their turn and go out at the allowed rate, in order, instead
   * of being refused: a terminal's paste. A transport that must answer each line at once
   * with the truth (a web POST) leaves it off.
   */
  paceInput?: boolean;
  /**
   * Joins in no room, and may leave every room later (an IRC client: channels are joined
   * one by one, and a client in none is the IRC habit). `room`, `rooms` and an owned
   * nickname's kept rooms are not entered.
   */
  roomless?: boolean;
  /** What proves an owned nickname: a password, an SSH key. A free nickname needs none. */
  proof?: Proof;
}

/** A member whose session outlived where it was connected, coming back as itself (`Chat.comeBack`). */
export interface ComeBackRequest extends JoinRequest {
  identity: string;
  room: string;
  /** The stamp of the account the session had proved (`accountStamp`); absent for a guest. */
  provenAs?: string;
}
