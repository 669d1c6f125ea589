/** Telnet protocol bytes (RFC 854) and the options this server talks about. */

/** "Interpret As Command": starts every telnet command; doubled, it is a literal 0xFF byte. */
export const IAC = 0xff;
export const DONT = 0xfe;
export const DO = 0xfd;
export const WONT = 0xfc;
export const WILL = 0xfb;
/** Subnegotiation begin (IAC SB option ... IAC SE). */
export const SB = 0xfa;
/** Erase Line: a client's line-kill key. */
export const EL = 0xf8;
/** Erase Character: a client's erase key. */
export const EC = 0xf7;
/** Interrupt Process: what a line-mode client sends for Ctrl-C. */
export const IP = 0xf4;
/** Subnegotiation end. */
export const SE = 0xf0;

/** RFC 857. The side that WILL ECHO echoes what the other types: the server, in character mode. */
export const ECHO = 0x01;
/** RFC 858. Suppress Go-Ahead: with ECHO, the client sends each key as it is typed. */
export const SGA = 0x03;
/** RFC 860. The Debian client sends IAC DO TIMING-MARK after Ctrl-C and discards output until answered. */
export const TIMING_MARK = 0x06;
/** RFC 1091. Terminal type, asked for with SB TTYPE SEND and reported with SB TTYPE IS name. */
export const TTYPE = 0x18;
/** RFC 1073. Negotiate About Window Size: SB NAWS width(2 bytes) height(2 bytes). */
export const NAWS = 0x1f;

/** TTYPE subnegotiation verbs. */
export const TTYPE_IS = 0x00;
export const TTYPE_SEND = 0x01;
