import type { Member } from "../people/member.ts";
import { fail, ok, type Result } from "../result.ts";
import { cleanText, utf8Length } from "../text.ts";

/**
 * What a member may send, however it sends it: text no longer than `--max-line`, and a
 * token from their bucket for anything everyone in the room sees (a message, a new
 * nickname, a topic, an away mark).
 */
export class SendingLimits {
  constructor(
    private readonly options: { readonly maxLine: number; readonly msgRate: number },
    /** Why the member may not send now (muted), or undefined. */
    private readonly mutedRefusal: (member: Member) => Result<never> | undefined,
  ) {}

  /** Why the member may not send now (muted), or undefined. */
  muted(member: Member): Result<never> | undefined {
    return this.mutedRefusal(member);
  }

  /** A message's text, cleaned (see `cleanText`), or why it cannot be sent. */
  checkText(member: Member, raw: string): Result<string> {
    const muted = this.mutedRefusal(member);
    if (muted) return muted;
    const text = cleanText(raw);
    if (!text) return fail("message-empty", "Nothing to send.");
    const tooLong = this.checkLength(text, "Message");
    if (!tooLong.ok) return tooLong;
    return this.paced(member) ?? ok(text);
  }

  /** Refuses a text longer than a message may be; `what` names it. */
  checkLength(text: string, what: string): Result<string> {
    const bytes = utf8Length(text);
    if (bytes > this.options.maxLine)
      return fail("message-too-long", `${what} too long (${bytes} bytes; the limit is ${this.options.maxLine}).`);
    return ok(text);
  }

  /** Takes one of the member's tokens; the refusal when there is none left. */
  paced(member: Member): Result<never> | undefined {
    if (member.bucket.take()) return undefined;
    return fail("rate-limited", `Slow down: at most ${this.options.msgRate} messages per second.`);
  }

  /** `raw` cleaned as a message is (others see it) and no longer than one: a reason, an away mark, a topic. */
  checkShown(raw: string, what: string): Result<string> {
    return this.checkLength(cleanText(raw), what);
  }
}
