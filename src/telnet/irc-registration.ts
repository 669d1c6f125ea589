/**
 * The first line of an IRC client's registration (`CAP LS 302`, `NICK x`, `USER …`,
 * `PASS …`): an IRC client pointed at the telnet port. In capitals and with an argument,
 * as clients send them, so a person picking the nickname `NICK` is not taken for one.
 */
const IRC_REGISTRATION_LINE = /^(CAP|NICK|USER|PASS) \S/;

/** Whether a first line is an IRC client registering. */
export function isIrcRegistrationLine(line: string): boolean {
  return IRC_REGISTRATION_LINE.test(line);
}
