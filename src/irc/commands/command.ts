import type { Handled } from "../irc-client.ts";
import type { IrcMessage } from "../irc-message.ts";
import type { RegisteredClient } from "../irc-client.ts";

/** One IRC command a registered client may send. */
export interface IrcCommand {
  /** Parameters it needs: with fewer, 461. */
  readonly minParams?: number;
  run(member: RegisteredClient, message: IrcMessage): Handled;
}
