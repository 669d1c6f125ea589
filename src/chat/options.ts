/** What the chat is told at start (from the command line, see `main/config.ts`). */
export interface ChatOptions {
  /** Clients connected at once, both transports together (the classic "listener limit"). */
  maxClients: number;
  /** Connections from one address. */
  maxPerAddress: number;
  /** Whether loopback addresses count against `maxPerAddress` too. */
  limitLoopback: boolean;
  /** Longest message in UTF-8 bytes. */
  maxLine: number;
  /** Messages per second per member, on average. */
  msgRate: number;
  /** Messages a member may send at once before the rate applies (a short paste). */
  msgBurst: number;
  /** How many past events a newcomer sees. */
  historyOnJoin: number;
  /** Members above which a room announces comings and goings once a second, in one line. */
  bigRoom: number;
  /** Rooms one member may be in at once. */
  maxRoomsPerMember: number;
  /** Rooms there may be at once (with someone in them). */
  maxRooms: number;
  /** Nicknames that are operators once proven (`--op`), besides those the console made. */
  operators: readonly string[];
}

export const DEFAULT_CHAT_OPTIONS: ChatOptions = {
  maxClients: 1000,
  maxPerAddress: 10,
  limitLoopback: false,
  maxLine: 2048,
  msgRate: 5,
  msgBurst: 10,
  historyOnJoin: 50,
  bigRoom: 100,
  maxRoomsPerMember: 50,
  maxRooms: 10_000,
  operators: [],
};

/** Counters for /metrics. */
export interface ChatStats {
  messages: number;
  joins: number;
  leaves: number;
  /** Members moved here from another instance (their stream reached this one). */
  handovers: number;
}
