/**
 * Addresses as bans name them: one address (`192.0.2.2`, `fd00::2`) or a range in CIDR
 * form (`10.0.0.0/8`, `2001:db8::/32`). Compared as numbers, not strings: a client on a
 * dual-stack listener is `::ffff:192.0.2.2`, and `FD00::2`, `fd00:0:0::2` and `fd00::2`
 * are one address. An IPv4 address is kept as its IPv4-mapped IPv6 form.
 */
export interface AddressRange {
  /** The first address of the range, 128 bits. */
  readonly base: bigint;
  /** How many leading bits every address of the range shares with `base`. */
  readonly bits: number;
}

const MAPPED = 0xffffn << 32n;
const ALL = (1n << 128n) - 1n;

/** The address `text` names, as 128 bits; undefined when it is none. */
export function parseAddress(text: string): bigint | undefined {
  if (!text.includes(":")) {
    const v4 = parseIPv4(text);
    return v4 === undefined ? undefined : MAPPED | v4;
  }
  const halves = text.toLowerCase().split("::");
  if (halves.length > 2) return undefined;
  const groups = halves.map((half) => (half === "" ? [] : half.split(":")));
  const words: bigint[][] = [];
  for (const [h, half] of groups.entries()) {
    const parsed: bigint[] = [];
    for (const [i, group] of half.entries()) {
      // The last group may be an IPv4 address in dotted form (`::ffff:192.0.2.2`).
      if (h === groups.length - 1 && i === half.length - 1 && group.includes(".")) {
        const v4 = parseIPv4(group);
        if (v4 === undefined) return undefined;
        parsed.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-f]{1,4}$/.test(group)) parsed.push(BigInt(`0x${group}`));
      else return undefined;
    }
    words.push(parsed);
  }
  const given = words.reduce((n, half) => n + half.length, 0);
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const all = halves.length === 1 ? words[0]! : [...words[0]!, ...Array<bigint>(8 - given).fill(0n), ...words[1]!];
  return all.reduce((value, word) => (value << 16n) | word, 0n);
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

/** The range `text` names (`ADDRESS` or `ADDRESS/BITS`), with the bits past the prefix cleared. */
export function parseRange(text: string): AddressRange | undefined {
  const [address, prefix, extra] = text.split("/");
  if (extra !== undefined || address === undefined) return undefined;
  const base = parseAddress(address);
  if (base === undefined) return undefined;
  const isV4 = !address.includes(":");
  const max = isV4 ? 32 : 128;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return undefined;
  const given = prefix === undefined ? max : Number(prefix);
  if (given > max) return undefined;
  const bits = isV4 ? 96 + given : given;
  return { base: base & maskOf(bits), bits };
}

function maskOf(bits: number): bigint {
  return bits === 0 ? 0n : (ALL << BigInt(128 - bits)) & ALL;
}

/** Whether `address` (as a transport gives it) is in `range`. */
export function inRange(range: AddressRange, address: string): boolean {
  const value = parseAddress(address);
  return value !== undefined && (value & maskOf(range.bits)) === range.base;
}

/** Whether two ranges share an address. */
export function overlaps(a: AddressRange, b: AddressRange): boolean {
  const bits = Math.min(a.bits, b.bits);
  return (a.base & maskOf(bits)) === (b.base & maskOf(bits));
}

/** A range written one way: IPv4 dotted, IPv6 in lower case with the longest run of zeros as `::` (RFC 5952). */
export function describeRange({ base, bits }: AddressRange): string {
  if (base >> 32n === 0xffffn && bits >= 96) {
    const v4 = [24n, 16n, 8n, 0n].map((shift) => String((base >> shift) & 0xffn)).join(".");
    return bits === 128 ? v4 : `${v4}/${bits - 96}`;
  }
  const words = Array.from({ length: 8 }, (_, i) => (base >> BigInt(112 - 16 * i)) & 0xffffn);
  let run = { at: -1, length: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && words[j] === 0n) j++;
    if (j - i > run.length) run = { at: i, length: j - i };
    i = Math.max(i, j);
  }
  const hex = words.map((word) => word.toString(16));
  const text =
    run.at < 0 ? hex.join(":") : `${hex.slice(0, run.at).join(":")}::${hex.slice(run.at + run.length).join(":")}`;
  return bits === 128 ? text : `${text}/${bits}`;
}

/** The one way of writing the address or range `text` names; undefined when it names none. */
export function canonicalAddress(text: string): string | undefined {
  const range = parseRange(text);
  return range && describeRange(range);
}

/** An IPv4 or IPv6 address or range, as `/ban` takes one (a nickname is never one). */
export function looksLikeAddress(text: string): boolean {
  return parseRange(text) !== undefined;
}

/**
 * The addresses this machine's own users come from: banning one would ban everyone on it.
 * (Others of 127.0.0.0/8 are some client's choice, and may be banned.)
 */
export const LOOPBACK: readonly AddressRange[] = [parseRange("127.0.0.1")!, parseRange("::1")!];

/** Ranges by how bans write them, parsed once: a ban is checked on every connection. */
const parsed = new Map<string, AddressRange | undefined>();

/** Whether the ban on `banned` (an address or range, as a ban keeps it) covers `address`. */
export function addressBanned(banned: string, address: string): boolean {
  let range = parsed.get(banned);
  if (range === undefined && !parsed.has(banned)) {
    if (parsed.size > 10_000) parsed.clear();
    range = parseRange(banned);
    parsed.set(banned, range);
  }
  return range !== undefined && inRange(range, address);
}
