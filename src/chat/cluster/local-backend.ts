import type { AccountStore } from "../../stores/account-store.ts";
import type { BanStore } from "../../stores/ban-store.ts";
import type { HistoryStore } from "../../stores/history-store.ts";
import { MemoryAccounts } from "../../stores/memory-accounts.ts";
import { MemoryBans } from "../../stores/memory-bans.ts";
import { MemoryHistory } from "../../stores/memory-history.ts";
import { MemoryWindowCounts } from "../../stores/memory-window-counts.ts";
import type { WindowCountStore } from "../../stores/window-count-store.ts";
import { isConversation, type NewEvent, type RecordedEvent } from "../events.ts";
import { fail, ok, type Result } from "../result.ts";
import type { BackendHost, ChatBackend, RelayedRequest } from "./backend.ts";

const HISTORY_UNAVAILABLE = "The server cannot save messages right now (its storage is failing), so yours was not sent. Try again later.";

/**
 * The chat alone in this process: it numbers events itself and keeps them in `history`
 * (SQLite, or memory). Every answer is immediate.
 */
export class LocalBackend implements ChatBackend {
  readonly instance: string = "";
  #lastId: number;
  #failing = false;

  constructor(
    readonly history: HistoryStore = new MemoryHistory(),
    private readonly log: (line: string) => void = () => {},
    readonly accounts: AccountStore & { close?(): void } = new MemoryAccounts(),
    readonly bans: BanStore & { close?(): void } = new MemoryBans(),
    readonly counts: WindowCountStore = new MemoryWindowCounts(),
  ) {
    this.#lastId = history.lastId();
  }

  get lastId(): number {
    return this.#lastId;
  }

  get trouble(): string | undefined {
    return this.#failing ? HISTORY_UNAVAILABLE : undefined;
  }

  attach(_host: BackendHost): void {}

  /**
   * What is said (a message, a private, a notice) counts only once it is recorded: a
   * message everyone saw must survive a restart, so while the history cannot be written
   * it is refused. Comings and goings get their id anyway: they are not the conversation,
   * and a full disk must not keep people in or out; nor keep a spammer from being kicked.
   */
  record(fields: NewEvent, at: number): Result<RecordedEvent> {
    const event = { ...fields, id: this.#lastId + 1, at } as RecordedEvent;
    if (!this.#append(event) && isConversation(event) && event.kind !== "moderation") return fail("history-unavailable", HISTORY_UNAVAILABLE);
    this.#lastId = event.id;
    return ok(event);
  }

  /** Nicknames are this process's alone: the chat's own check is the whole answer. */
  claimNick(): Result<void> {
    return ok(undefined);
  }

  releaseNick(): void {}

  /** Alone, no other instance can have had the member: it joins again. */
  comeBack(): Result<"moved" | "new"> {
    return ok("new");
  }

  /** Alone, nothing is lost while the process runs. */
  onRegistered(): void {}

  /** Alone, every member is connected here: nothing is ever relayed. */
  relay(_instance: string, _request: RelayedRequest): Result<unknown> {
    return fail("not-in-chat", "You are not in the chat.");
  }

  async close(): Promise<void> {
    this.history.close();
    this.accounts.close?.();
    this.bans.close?.();
  }

  /** Appends to the history; false when it cannot. The cause is logged once, not once per line. */
  #append(event: RecordedEvent): boolean {
    try {
      this.history.append(event);
    } catch (error) {
      if (!this.#failing)
        this.log(`history: cannot write (${error instanceof Error ? error.message : String(error)}); messages are refused until it can`);
      this.#failing = true;
      return false;
    }
    if (this.#failing) this.log("history: writing again; messages are accepted");
    this.#failing = false;
    return true;
  }
}
