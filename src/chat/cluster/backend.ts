import type { AccountStore } from "../../stores/account-store.ts";
import type { BanStore } from "../../stores/ban-store.ts";
import type { HistoryReads } from "../../stores/history-store.ts";
import type { WindowCountStore } from "../../stores/window-count-store.ts";
import type { MemberMarks, NewEvent, RecordedEvent, Transport } from "../events.ts";
import type { Pending } from "../result.ts";
import type { SharedSeats } from "../admission/shared-seats.ts";
import type { CrowdGathering } from "../rooms/crowds.ts";
import type { FrameInlet, FrameOutlet } from "./frame-outlet.ts";

/** An event as the chat hands it to be recorded: everything but its id. */
export type UnnumberedEvent = NewEvent & { readonly at: number };

/** Where a member is, as other instances know them. */
export interface Whereabouts {
  readonly nick: string;
  /** The room the member is in now (where its lines go). */
  readonly room: string;
  /** Every room it is in, in the order it joined them, when more than `room`. */
  readonly rooms?: readonly string[];
  readonly transport: Transport;
  /** What the member list shows beside them; none when absent. */
  readonly marks?: MemberMarks;
  /** Their account's party (`Member.party`), once they proved one: a private to them is filed under it. */
  readonly party?: string;
}

/**
 * Who an event is about (joins, leaves, renames), and where that member is once it has
 * happened: `now` is null when they left the chat. Instances keep their lists of each
 * other's members from these, so a move and a leave are told apart without guessing.
 */
export interface PresenceChange {
  readonly member: string;
  readonly now: Whereabouts | null;
}

/** A member connected to another instance, as its roll call lists it. */
export interface RemotePresence extends Whereabouts {
  readonly id: string;
}

/**
 * Everything several instances must agree on, in the chat's own terms: nicknames, the
 * one order of events and their ids, the history, and who is where. One implementation
 * keeps it all in this process (`LocalBackend`); a shared one keeps it in Redis.
 *
 * Reads (history, the newest id) are synchronous: a shared backend answers them from
 * its own copy, kept in the one order. Writes that others must agree on may wait.
 */
export interface ChatBackend {
  /** This instance's name (`who`, /metrics); empty when it is alone. */
  readonly instance: string;
  /** The id of the newest event this instance knows of. */
  readonly lastId: number;
  /** What newcomers and resuming streams are shown. */
  readonly history: HistoryReads;
  /** Who owns which nickname (passwords, SSH keys, operators). */
  readonly accounts: AccountStore;
  /** Password tries and new accounts, counted over a window (every instance's, when shared). */
  readonly counts: WindowCountStore;
  /** Bans, kept so that they survive a restart; the chat checks its copy of them (`BanList`). */
  readonly bans: BanStore;
  /** Seats and connections per address on the other instances, for the cluster-wide limits; none when alone. */
  readonly seats?: SharedSeats;
  /** Where big rooms' crowd lines are gathered when all instances share them; in each chat when alone. */
  readonly crowds?: CrowdGathering;
  /** Why messages are refused now, or undefined while they can be recorded. */
  readonly trouble: string | undefined;
  /** The link to the shared store, up or down since when (ms since the epoch); undefined when alone. */
  readonly link?: { readonly up: boolean; readonly since: number };
  /**
   * The host gets the events of the one order from here (a shared backend only).
   * Called once, by the chat, before anything else.
   */
  attach(host: BackendHost): void;
  /**
   * Gives `event` its id and place in the one order, and keeps it.
   *
   * A local backend answers at once, and the chat routes the event itself. A shared one
   * answers once the event has its place; the event then comes back on every instance,
   * this one included, through `BackendHost.receive`, which is what routes it.
   */
  record(event: NewEvent, at: number, change?: PresenceChange): Pending<RecordedEvent>;
  /**
   * Makes `nick` the member's alone, across instances (a look-alike counts as the same
   * name). The chat has already checked its own members.
   */
  claimNick(nick: string, member: string): Pending<void>;
  /** The member no longer uses `nick`. */
  releaseNick(nick: string, member: string): void;
  /**
   * A member whose session outlived where it was connected (a restart, an instance that
   * died, a page whose stream now reaches this instance) comes back here as itself.
   * "moved": another instance had it; it is handed over in the one order, and the host
   * hears of it through `handedOver`. "new": no one has it; its nickname is claimed for it
   * again, and the chat joins it as usual.
   */
  comeBack(member: string, nick: string): Pending<"moved" | "new">;
  /**
   * Calls `listener` each time this instance has registered its members again after its
   * link came back (to a store that may have lost everything): what else it keeps there,
   * such as web sessions, is to be saved again.
   */
  onRegistered(listener: () => void): void;
  /** Has the instance a member is connected to handle a request of theirs, and answers for it. */
  relay(instance: string, request: RelayedRequest): Pending<unknown>;
  /**
   * With a shared backend: opens a channel on which another instance sends this one the
   * frames of a stream (see `FrameOutlet`); `onFrame(undefined)` when it ends there.
   */
  openInlet?(onFrame: (frame: string | undefined) => void): Promise<FrameInlet>;
  /** The outlet to a channel another instance opened (see `openInlet`). */
  outlet?(channel: string): FrameOutlet;
  /** Stops; the members of this instance are gone for the others too. */
  close(): Promise<void>;
}

/**
 * What a member did through another instance (a browser's POST may reach any of them),
 * for the one the member is connected to: a line typed, or Leave. Or, from the instance
 * of a member who held the same nickname first, that this one must give it up.
 */
export type RelayedRequest = { readonly member: string } & (
  | { readonly line: string; readonly to?: string }
  | { readonly leave: true }
  | { readonly nickLost: true }
  /** A tab of the member's holds a stream on the sending instance: its frames go to `mirror` (see `FrameOutlet`). */
  | { readonly mirror: string; readonly after?: number }
);

/** What a shared backend tells the chat. `Chat` implements it. */
export interface BackendHost {
  /** An event in the one order, from any instance (`instance`), with the presence change it makes. */
  receive(event: RecordedEvent, instance: string, change?: PresenceChange): void;
  /** `instance` lists its members: they replace what was known of it (after its link came back). */
  rollCall(instance: string, members: readonly RemotePresence[]): void;
  /** The shared store lost its data: nothing is known of other instances until they answer the roll call again. */
  forgetOthers(): void;
  /** The members of this instance, to register again after the link came back. */
  localPresence(): RemotePresence[];
  /** The link to the shared store is down (`reason`) or up again (undefined). */
  linkChanged(reason: string | undefined): void;
  /** `member`, connected to `from`, is now connected to `to` (see `ChatBackend.comeBack`). */
  handedOver(member: string, from: string, to: string, now: Whereabouts): void;
  /** Another instance relays a request of a member connected here. */
  relayed(request: RelayedRequest): Pending<unknown>;
  /**
   * After the shared store lost its data, `member` (connected here) and a member elsewhere
   * both ended up with one nickname, and the other held it first: this one gives it up.
   */
  nickLost(member: string): void;
}
