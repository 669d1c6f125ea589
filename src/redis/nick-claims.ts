import type { RemotePresence } from "../chat/cluster/backend.ts";
import { fail, ok, type Result } from "../chat/result.ts";
import type { EventStream } from "./event-stream.ts";
import { paused } from "./link-state.ts";
import type { PartContext } from "./part-context.ts";
import { CLAIM_NICK, COME_BACK, KEYS, RELEASE_NICK } from "./scripts.ts";

/**
 * Nicknames claimed across instances, with a key per name in lower case and one per
 * skeleton (see `KEYS.nick`): two instances never both win a name, nor two look-alikes.
 */
export class NickClaims {
  /** Nicknames whose release failed while Redis was out of reach: given back once it is here. */
  readonly #unreleased = new Map<string, string>();

  constructor(
    private readonly context: PartContext,
    /** A member coming back may be handed over in the one order. */
    private readonly order: Pick<EventStream, "numbered">,
  ) {}

  /** See `ChatBackend.claimNick`. */
  async claim(nick: string, member: string): Promise<Result<void>> {
    if (!this.context.link.up) return paused("Try again in a moment.");
    try {
      const holder: string | null = await this.context.scripts.run(CLAIM_NICK, KEYS.nick(nick), [member, nick]);
      if (holder === null) return ok(undefined);
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
      const [outcome, holder] = (await this.order.numbered(COME_BACK, [...KEYS.nick(nick), KEYS.presence("")], [member, nick])) as [string, string?];
      if (outcome === "moved" || outcome === "new") return ok(outcome);
      const held = holder == null ? nick : nickOf(holder);
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
    await this.context.scripts.run(RELEASE_NICK, KEYS.nick(nick), [member]);
  }

  /** Gives back the nicknames whose release failed while the link was down. */
  async giveBackUnreleased(): Promise<void> {
    for (const [nick, member] of this.#unreleased) {
      await this.giveBack(nick, member);
      this.#unreleased.delete(nick);
    }
  }

  /** Claims the nicknames of this instance's members again (Redis may have lost them); a clash is only logged. */
  async claimAgain(members: readonly RemotePresence[]): Promise<void> {
    for (const member of members) {
      const holder = await this.context.scripts.run(CLAIM_NICK, KEYS.nick(member.nick), [member.id, member.nick]);
      if (holder !== null) this.context.log(`redis: ${member.nick} of this instance is also claimed by another (${holder})`);
    }
  }
}

/** The nickname in a claim's "IDENTITY NICK" (see `KEYS.nick`). */
function nickOf(holder: string): string {
  return holder.slice(holder.indexOf(" ") + 1);
}
