/** Telnet protocol bytes (RFC 854) and the options this server talks about. */

/** "Interpret As Command": starts every telnet command; doubled, it is a literal 0xFF byte. */
export const IAC = 0xff;
export const DONT = 0xfe;
export const DO = 0xfd;
export const WONT = 0xfc;
export const WILL = 0xfb;
/** Subnegotiation begin (IAC SB option ... IAC SE). */
export const SB = 0xfa;
/** Subnegotiation end. */
export const SE = 0xf0;

/** RFC 860. The Debian client sends IAC DO TIMING-MARK after Ctrl-C and discards output until answered. */
export const TIMING_MARK = 0x06;
