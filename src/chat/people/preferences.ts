import { fail, ok, type Result } from "../result.ts";

/**
 * How a member likes the chat shown. The chat only stores them: each transport applies
 * what it can when it renders (the telnet one both; a transport may ignore either).
 * Unset means "the transport's default", which may depend on the client.
 */
export interface DisplayPreferences {
  /** Colours for nicknames, notices and mentions. */
  colour?: boolean;
  /** A time before each line. */
  timestamps?: boolean;
}

/** Parses the `on|off` argument of a preference command. */
export function parseSwitch(value: string): Result<boolean> {
  const word = value.toLowerCase();
  if (word === "on") return ok(true);
  if (word === "off") return ok(false);
  return fail("bad-arguments", `Say on or off, not ${value}.`);
}
