import type { ChatCore } from "../core.ts";
import type { OwnedNicknames } from "../identity/owned-nicknames.ts";
import type { SendingLimits } from "../input/sending-limits.ts";
import { fail, ok, whenSettled, type Result } from "../result.ts";
import { MAX_IGNORED, type Member } from "./member.ts";
import { sameNick, validateNick } from "./nickname.ts";

/** What a member sets about themselves: an away mark others see, and whom they no longer see. */
export class Personal {
  constructor(
    private readonly core: ChatCore,
    private readonly owners: OwnedNicknames,
    private readonly limits: SendingLimits,
  ) {}

  /**
   * `/away [reason]`: away with a reason (cleaned like a message: others see it), or back
   * without one. It changes the member's mark in every page, so it takes a token too.
   */
  setAway(member: Member, raw: string): Result<string | undefined> {
    const reason = this.limits.checkShown(raw, "Away reason");
    if (!reason.ok) return reason;
    if (reason.value && this.limits.muted(member))
      return fail("muted", "You are muted: others would see an away text, so /away takes none until then.");
    const paced = this.limits.paced(member);
    if (paced) return paced;
    member.setAway(reason.value || undefined);
    // The member list shows it: every page, every instance.
    this.core.marksMaybeChanged(member);
    return ok(member.away);
  }

  /**
   * `/ignore NICK` and `/unignore NICK`, kept in the account of a registered member. A list
   * of well-formed nicknames, bounded, each change paid for: it is memory, and a write to
   * the account.
   */
  ignore(member: Member, raw: string, on: boolean): Result<void> {
    const valid = validateNick(raw);
    if (!valid.ok) return fail("bad-arguments", `${valid.error.message} (/ignore takes a nickname.)`);
    const nick = valid.value;
    if (on && sameNick(nick, member.nick)) return fail("bad-arguments", "You cannot ignore yourself.");
    if (on && member.ignored.length >= MAX_IGNORED)
      return fail("bad-arguments", `You ignore ${MAX_IGNORED} people already; /unignore someone first.`);
    const paced = this.limits.paced(member);
    if (paced) return paced;
    if (on) member.ignore([nick]);
    else if (!member.unignore(nick)) return fail("bad-arguments", `You are not ignoring ${nick}.`);
    this.core.roster.noteIgnores(member);
    void whenSettled(this.owners.keepIgnores(member), (kept) => {
      if (!kept.ok) this.core.tell(member, `Your ignores could not be kept for next time: ${kept.error.message}`, true);
    });
    return ok(undefined);
  }
}
