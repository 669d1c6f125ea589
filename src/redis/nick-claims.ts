import type { RemotePresence } from "../chat/cluster/backend.ts";
import { fail, ok, type Result } from "../chat/result.ts";
import type { EventStream } from "./event-stream.ts";
import { paused } from "./link-state.ts";
import type { PartContext } from "./part-context.ts";
import { CLAIM_AGAIN, CLAIM_NICK, COME_BACK, KEYS, RELEASE_NICK } from "./scripts.ts";

/** Why a new name is refused while Redis recovers from a loss of its data (see `CLAIM_NICK`). */
export const RECOVERING =
  "The chat is recovering: the store it shares with the other servers restarted empty, and they are registering their members again; try again in a moment.";

/** What registering this instance's members again found (see `NickClaims.claimAgain`). */
export interface ClaimedAgain {
  /** Members of this instance whose nickname someone else held first, with that holder's nickname. */
  readonly lost: { readonly id: string; readonly holder: string }[];
  /** Members of other instances that held a nickname of ours after we did, and where they are ('' if unknown). */
  readonly took: { readonly id: string; readonly instance: string }[];
}

/**
 * Nicknames claimed across instances, with a key per name in lower case and one per
 * skeleton (see `KEYS.nick`): two instances never both win a name, nor two look-alikes.
 */
export class NickClaims {
  /** Nicknames whose release failed while Redis was out of reach: given back once it is here. */
  readonly #unreleased = new Map<string, string>();
  /** When each member of this instance took its nickname (ms), by identity: who held a name first keeps it. */
  readonly #since = new Map<string, number>();

  constructor(
    private readonly context: PartContext,
    /** A member coming back may be handed over in the one order. */
    private readonly order: Pick<EventStream, "numbered">,
    /** Redis has not heard this instance register on the data it holds now. */
    private readonly registerAgain: () => void,
  ) {}

  /** See `ChatBackend.claimNick`. */
  async claim(nick: string, member: string): Promise<Result<void>> {
    if (!this.context.link.up) return paused("Try again in a moment.");
    const { scripts, instance, clock } = this.context;
    try {
      const since = clock.now();
      const [outcome, holder] = (await scripts.run(CLAIM_NICK, [...KEYS.nick(nick), KEYS.registered, KEYS.awaiting], [member, nick, String(since), instance])) as [string, string?];
      if (outcome === "claimed") {
        this.#since.set(member, since);
        return ok(undefined);
      }
      if (outcome === "recovering" || holder === undefined) {
        this.registerAgain();
        return fail("chat-paused", RECOVERING);
      }
      const held = nickOf(holder);
      return held.toLowerCase() === nick.toLowerCase()
        ? fail("nick-taken", `The nickname ${nick} is taken; please pick another.`)
        : fail("nick-taken", `The nickname ${nick} looks too much like ${held}, who is here; please pick another.`);
    } catch (error) {
      this.context.lost(error);
      return paused("Try again in a moment.");
    }
  }

  /** See `ChatBackend.comeBack`. */
  async comeBack(member: string, nick: string): Promise<Result<"moved" | "new">> {
    if (!this.context.link.up) return paused("Try again in a moment.");
    try {
      const now = this.context.clock.now();
      const [outcome, second, claim] = (await this.order.numbered(COME_BACK, [...KEYS.nick(nick), KEYS.presence("")], [member, nick, String(now)])) as [string, string?, string?];
      if (outcome === "moved" || outcome === "new") {
        this.#since.set(member, outcome === "moved" && claim ? sinceOf(claim) : now);
        return ok(outcome);
      }
      const held = second == null ? nick : nickOf(second);
      return fail("nick-taken", `The nickname ${nick} went to someone else (${held}) while you were away; please join again.`);
    } catch (error) {
      this.context.lost(error);
      return paused("Try again in a moment.");
    }
  }

  /** See `ChatBackend.releaseNick`: a release that fails is done again once the link is back. */
  release(nick: string, member: string): void {
    this.giveBack(nick, member).catch((error) => {
      this.#unreleased.set(nick, member);
      this.context.lost(error);
    });
  }

  /** Frees `nick` where `member` still holds it; rejects when Redis could not be told. */
  async giveBack(nick: string, member: string): Promise<void> {
    this.#since.delete(member);
    await this.context.scripts.run(RELEASE_NICK, KEYS.nick(nick), [member]);
  }

  /** Gives back the nicknames whose release failed while the link was down. */
  async giveBackUnreleased(): Promise<void> {
    for (const [nick, member] of this.#unreleased) {
      await this.giveBack(nick, member);
      this.#unreleased.delete(nick);
    }
  }

  /**
   * Claims the nicknames of this instance's members again (Redis may have lost them).
   * Where someone else holds one by now, whoever took it first keeps it (see `CLAIM_AGAIN`).
   */
  async claimAgain(members: readonly RemotePresence[]): Promise<ClaimedAgain> {
    const found: ClaimedAgain = { lost: [], took: [] };
    for (const member of members) {
      const since = this.#since.get(member.id) ?? this.context.clock.now();
      this.#since.set(member.id, since);
      const [outcome, ...rest] = (await this.context.scripts.run(CLAIM_AGAIN, [...KEYS.nick(member.nick), KEYS.homes], [member.id, member.nick, String(since)])) as string[];
      if (outcome === "lost") {
        found.lost.push({ id: member.id, holder: nickOf(rest[0] ?? "") });
        continue;
      }
      for (let i = 0; i + 1 < rest.length; i += 2) found.took.push({ id: rest[i]!, instance: rest[i + 1]! });
    }
    for (const { id, holder } of found.lost) this.context.log(`redis: ${holder} held a nickname of this instance's ${id} first; ours gives it up`);
    for (const { id } of found.took) this.context.log(`redis: a nickname of this instance's was taken by ${id} after ours; theirs gives it up`);
    return found;
  }
}

/** The nickname in a claim's "IDENTITY SINCE NICK" (see `KEYS.nick`). */
function nickOf(holder: string): string {
  return holder.split(" ").slice(2).join(" ");
}

/** When the claim's holder took the nickname (ms). */
function sinceOf(holder: string): number {
  return Number(holder.split(" ")[1]) || 0;
}
