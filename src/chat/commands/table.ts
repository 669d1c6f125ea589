import { CHAT_COMMANDS, DISPLAY_COMMANDS } from "./chat-commands.ts";
import type { Command } from "./command.ts";
import { CONSOLE_COMMANDS } from "./console-commands.ts";
import { IDENTITY_COMMANDS } from "./identity-commands.ts";
import { MODERATION_COMMANDS, OPERATOR_COMMANDS } from "./moderation-commands.ts";
import { ROOM_COMMANDS } from "./room-commands.ts";
import { SEARCH_COMMANDS } from "./search-commands.ts";

/**
 * Every command, for members and for the console, in the order help lists them. A new
 * command is one row here (or in the part it belongs to) and its handler: the runner
 * checks its arguments and who may run it, and every transport and the console have it.
 */
export const COMMANDS: readonly Command[] = [
  ...CHAT_COMMANDS,
  ...ROOM_COMMANDS,
  ...SEARCH_COMMANDS,
  ...IDENTITY_COMMANDS,
  ...MODERATION_COMMANDS,
  ...DISPLAY_COMMANDS,
  ...CONSOLE_COMMANDS,
  ...OPERATOR_COMMANDS,
];
