import type { PresenceChange, UnnumberedEvent } from "../chat/cluster/backend.ts";

/** What a stream entry of an event carries besides its id (its `p` field, as JSON). */
export interface EventPayload {
  e: UnnumberedEvent;
  c?: PresenceChange;
  /** Unique per event, "INSTANCE:N": a copy recorded again after Redis lost it is told apart by it. */
  u: string;
}
