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
   * Takes a member out for a moderation action (`why`). `told`: their room has seen the
   * action's line, so their leave is not shown again.
   */
  remove(member: Member, why: string, told: boolean): void;
  tell(member: Member, text: string): void;
  /** What the member list shows of `member` may have changed (operator rights). */
  marksChanged(member: Member): void;
  /** `raw` cleaned as a message is (others see it), or refused when longer than one; `what` names it. */
  checkShown(raw: string, what: string): Result<string>;
}
