import type { ChatCore } from "../core.ts";
import type { SendingLimits } from "../input/sending-limits.ts";
import type { NewEvent, RecordedEvent } from "../events.ts";
import type { Member } from "../people/member.ts";
import type { Pending, Result } from "../result.ts";

/** What moderation needs of the chat. `Chat` provides it. */
export interface ModerationHost {
  find(nick: string): Member | undefined;
  /** The members connected to this instance. */
  localMembers(): Iterable<Member>;
  publish(fields: NewEvent): Pending<RecordedEvent>;
  /**
   * Takes a member out for a moderation action (`why`). `toldIn`: that room of theirs has
   * seen the action's line, so their leave is not shown there again.
   */
  remove(member: Member, why: string, toldIn: string | undefined): void;
  tell(member: Member, text: string): void;
  /** What the member list shows of `member` may have changed (operator rights). */
  marksChanged(member: Member): void;
  /** `raw` cleaned as a message is (others see it), or refused when longer than one; `what` names it. */
  checkShown(raw: string, what: string): Result<string>;
}

/** What moderation may ask of the chat: its core, its limits, and `leave` (the chat's own). */
export function moderationHost(core: ChatCore, limits: SendingLimits, leave: (member: Member, why: string, toldIn?: string) => void): ModerationHost {
  return {
    find: (nick) => core.roster.find(nick),
    *localMembers() {
      for (const member of [...core.roster.values()]) if (member.isLocal) yield member;
    },
    publish: (fields) => core.publish(fields),
    remove: (member, why, toldIn) => {
      leave(member, why, toldIn);
      member.sink.close(`You were ${why}`);
    },
    tell: (member, text) => core.tell(member, text),
    marksChanged: (member) => core.marksMaybeChanged(member),
    checkShown: (raw, what) => limits.checkShown(raw, what),
  };
}
