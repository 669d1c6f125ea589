import type { TokenBucket } from "./rate-limit.ts";
import type { ChatEvent, RecordedEvent, Transport } from "./events.ts";
import type { DisplayPreferences } from "./preferences.ts";

/**
 * The one interface through which the chat reaches a connected client. Each transport
 * implements it; the chat never knows about sockets or HTTP.
 */
export interface MemberSink {
  /**
   * The member is now in `room` (on joining the chat, or after /join or /part), and
   * `history` is the recent conversation there, oldest first, to show before what follows.
   */
  enter(room: string, history: readonly RecordedEvent[]): void;
  /** Hands an event to the client. Must not throw and must not block. */
  deliver(event: ChatEvent): void;
  /** The chat is done with this client (quit, kick, shutdown): tell it `reason` and disconnect. */
  close(reason: string): void;
}

const NO_PREFERENCES: Readonly<DisplayPreferences> = Object.freeze({});

/** Someone in the chat, on either transport. */
export class Member {
  /**
   * Set by /color and /timestamps; read by the member's transport when it renders.
   * Replaced, never changed in place: most members share the one empty set.
   */
  preferences: Readonly<DisplayPreferences> = NO_PREFERENCES;

  constructor(
    /**
     * Who this is, for as long as they are here, whatever their nickname: what a private
     * message belongs to. Never shown, never reused.
     */
    readonly id: string,
    public nick: string,
    readonly transport: Transport,
    /** The client's address, for logs and per-address limits. */
    readonly address: string,
    public room: string,
    readonly sink: MemberSink,
    readonly bucket: TokenBucket,
  ) {}
}
