import type { ChatCore } from "./core.ts";
import { partyOf, type ClientTags, type NewEvent, type RecordedEvent } from "./events.ts";
import type { SendingLimits } from "./input/sending-limits.ts";
import type { Member } from "./people/member.ts";
import { andThen, fail, ok, type Pending, type Result } from "./result.ts";
import { cleanText } from "./text.ts";

/** How a line is sent: as an action (`/me`), as an IRC NOTICE, with an IRC client's own tags. */
export interface SendHow {
  readonly action?: boolean;
  readonly notice?: boolean;
  readonly tags?: ClientTags;
}

/** The fields `how` adds to what is said. */
function marked(how: SendHow): { notice?: true; action?: true; tags?: ClientTags } {
  return {
    ...(how.notice ? { notice: true } : {}),
    ...(how.action ? { action: true } : {}),
    ...(how.tags && Object.keys(how.tags).length ? { tags: how.tags } : {}),
  };
}

/**
 * What members say: to their room, to one person, or as the room's topic; and the
 * server's own notices. Each is checked against the sender's limits, recorded, then
 * delivered (see `ChatCore.publish`).
 */
export class Messages {
  constructor(
    private readonly core: ChatCore,
    private readonly limits: SendingLimits,
  ) {}

  /** Posts a message (or, with `action`, a /me) to `room`, one of the member's (its current room by default). */
  say(member: Member, raw: string, action = false, room = member.room, how: SendHow = {}): Pending<RecordedEvent> {
    if (!member.isIn(room)) return fail("not-a-member", `You are not in ${room}: /join ${room} first.`);
    const text = this.limits.checkText(member, raw);
    if (!text.ok) return text;
    const { tags, notice } = marked(how);
    const fields = { room, from: member.nick, text: text.value, ...(tags ? { tags } : {}) };
    if (action) return this.#publishMessage({ kind: "action", ...fields });
    return this.#publishMessage({ kind: "message", ...fields, ...(notice ? { notice } : {}) });
  }

  /**
   * A line whose client names where it goes (IRC's PRIVMSG and NOTICE): `#room`, one of the
   * member's, or a nickname. The client answers an away recipient itself (IRC's 301).
   */
  send(member: Member, to: string, raw: string, how: SendHow): Pending<RecordedEvent> {
    if (to.startsWith("#")) return this.say(member, raw, how.action, to, how);
    return this.whisper(member, to, raw, { ...how, tellAway: false });
  }

  /**
   * A line typed as a message goes to `to`, when the client says (a room of the member's,
   * or `@NICK`), else to whom the member talks with alone (`/query`), else its current room.
   */
  sayTo(member: Member, text: string, to: string | undefined): Pending<RecordedEvent> {
    if (to?.startsWith("@")) return this.whisper(member, to.slice(1), text);
    const alone = to === undefined ? member.memberships.talkingTo : undefined;
    if (alone === undefined) return this.say(member, text, false, to);
    const other = this.core.roster.findById(alone);
    if (!other) return fail("no-such-nick", "Whoever you were talking with alone has left: /query goes back to your room.");
    return this.whisper(member, other.nick, text);
  }

  /** Sends a private message. */
  whisper(member: Member, to: string, raw: string, how: SendHow & { tellAway?: boolean } = {}): Pending<RecordedEvent> {
    const target = this.core.roster.find(to);
    if (!target) return fail("no-such-nick", `No one called ${to} is here.`);
    const text = this.limits.checkText(member, raw);
    if (!text.ok) return text;
    const sent = this.#publishMessage({
      kind: "private",
      from: member.nick,
      to: target.nick,
      text: text.value,
      // The two people's (their accounts', for those who proved one): it is in their conversation, never in a room.
      sender: partyOf(member),
      recipient: partyOf(target),
      ...marked(how),
    });
    // Away (`/away`): the sender is told why no answer may come soon, below their own line.
    const away = target.away;
    if (away === undefined || how.tellAway === false) return sent;
    return andThen(sent, (event) => {
      this.core.tell(member, `${target.nick} is away: ${away}`);
      return ok(event);
    });
  }

  /**
   * `/reply`: a private message to whoever last sent `member` one, by who they are, not by
   * the nickname they had (they may have changed it since).
   */
  answerPrivately(member: Member, raw: string): Pending<RecordedEvent> {
    if (member.repliesTo === undefined) return fail("no-such-nick", "No one has sent you a private message yet.");
    const sender = this.core.roster.findById(member.repliesTo);
    if (!sender) return fail("no-such-nick", "Whoever last sent you a private message has left.");
    return this.whisper(member, sender.nick, raw);
  }

  /** `/topic TEXT`: what `room`, one of the member's, is about (empty clears it). */
  setTopic(member: Member, raw: string, room = member.room): Pending<RecordedEvent> {
    if (!member.isIn(room)) return fail("not-a-member", `You are not in ${room}.`);
    const muted = this.limits.muted(member);
    if (muted) return muted;
    const topic = this.limits.checkShown(raw, "Topic");
    if (!topic.ok) return topic;
    const paced = this.limits.paced(member);
    if (paced) return paced;
    return this.core.publish({ kind: "topic", room, by: member.nick, topic: topic.value });
  }

  /** A notice from the server to everyone (console `say`). */
  announce(text: string): Pending<RecordedEvent> {
    const clean = cleanText(text);
    if (!clean) return fail("message-empty", "Nothing to send.");
    // It is told to everyone now, and kept in the history of the rooms there are now only.
    const rooms = this.core.rooms.list().map((room) => room.name);
    return this.core.publish({ kind: "notice", text: clean, rooms });
  }

  #publishMessage(fields: NewEvent): Pending<RecordedEvent> {
    const published = this.core.publish(fields);
    if (published instanceof Promise) return published.then((result) => this.#counted(result));
    return this.#counted(published);
  }

  #counted(published: Result<RecordedEvent>): Result<RecordedEvent> {
    if (published.ok) this.core.stats.messages++;
    return published;
  }
}
