import type { Handled } from "../irc-connection.ts";
import type { IrcMessage } from "../irc-message.ts";
import type { IrcMember } from "../irc-member.ts";

/** One IRC command a registered client may send. */
export interface IrcCommand {
  /** Parameters it needs: with fewer, 461. */
  readonly minParams?: number;
  run(member: IrcMember, message: IrcMessage): Handled;
}
