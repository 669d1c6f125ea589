/** Telnet bytes spelled out for tests, and helpers to feed input in pieces. */
export const IAC = 0xff, DONT = 0xfe, DO = 0xfd, WONT = 0xfc, WILL = 0xfb, SB = 0xfa, SE = 0xf0;
export const IP = 0xf4, EC = 0xf7, EL = 0xf8;
export const ECHO = 0x01, SGA = 0x03, TM = 0x06, TTYPE = 0x18, NAWS = 0x1f, STATUS = 0x05, LINEMODE = 0x22;

/** Bytes of an ASCII (or Latin-1) string. */
export const ascii = (s: string) => [...Buffer.from(s, "latin1")];

/** Piece sizes feeding `input` one byte at a time. */
export const oneByOne = (input: readonly unknown[]) => input.map(() => 1);

/** Random piece sizes (1 to 5) that cover `length`, from a seeded generator so failures repeat. */
export function randomPieces(length: number, seed: number): number[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) % 5) + 1;
  const pieces: number[] = [];
  for (let left = length; left > 0; ) {
    const size = Math.min(left, next());
    pieces.push(size);
    left -= size;
  }
  return pieces;
}

/** Cuts `input` into chunks of the given sizes. */
export function split<T extends { slice(start: number, end: number): T }>(input: T, pieces: readonly number[]): T[] {
  const chunks: T[] = [];
  let at = 0;
  for (const size of pieces) {
    chunks.push(input.slice(at, at + size));
    at += size;
  }
  return chunks;
}
