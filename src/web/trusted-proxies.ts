import { BlockList, isIP } from "node:net";

/**
 * Which hops between a browser and this server are reverse proxies whose `X-Forwarded-*`
 * headers are believed (`--trust-proxy`). Anyone can send those headers: only what a
 * trusted proxy added is taken, and the client is the first hop, from this server
 * outwards, that is not one.
 */
export interface TrustedProxies {
  /** Whether `address`, `hop` steps away (0 = the peer this server sees), is a trusted proxy. */
  trusts(address: string, hop: number): boolean;
}

/** The default: nobody's forwarding headers are believed. */
export const NO_PROXIES: TrustedProxies = { trusts: () => false };

/** Names for the ranges a proxy on the same host or network usually sits in. */
const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/**
 * Reads a `--trust-proxy` value: `none` (or empty); a hop count (`1`: the peer is a proxy,
 * whoever it is); or addresses and CIDR ranges separated by commas, with the names
 * `loopback` and `private`. Throws a RangeError saying what is wrong.
 */
export function parseTrustedProxies(text: string): TrustedProxies {
  const value = text.trim();
  if (value === "" || value === "none") return NO_PROXIES;
  if (/^\d+$/.test(value)) {
    const count = Number(value);
    if (count < 1) throw new RangeError(`a hop count is at least 1 ("none" trusts nobody), not "${text}"`);
    return { trusts: (_address, hop) => hop < count };
  }
  const list = new BlockList();
  for (const entry of value.split(",").map((e) => e.trim())) {
    for (const range of NAMED_RANGES[entry] ?? [entry]) {
      if (!addRange(list, range)) {
        throw new RangeError(`"${entry}" is not an address, a CIDR range, loopback or private (or a hop count)`);
      }
    }
  }
  return { trusts: (address) => list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4") };
}

function addRange(list: BlockList, range: string): boolean {
  const [address = "", prefix, ...rest] = range.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  const type = family === 6 ? "ipv6" : "ipv4";
  if (prefix === undefined) {
    list.addAddress(address, type);
    return true;
  }
  const bits = Number(prefix);
  if (!/^\d+$/.test(prefix) || bits > (family === 6 ? 128 : 32)) return false;
  list.addSubnet(address, bits, type);
  return true;
}

/** Who made a request and how, as the browser sees it. */
export interface BrowserSide {
  /** The client's address: what per-address limits count and logs show. */
  readonly address: string;
  /** Whether the browser is on https (then cookies are `Secure`). */
  readonly secure: boolean;
  /** The origin in the browser's address bar, which its `Origin` header must match. */
  readonly origin: string;
}

/**
 * The browser's side of `request`, which came from `peer`. Without a trusted proxy in
 * front, that is the peer and the request's own URL. Behind one, the client is the
 * rightmost `X-Forwarded-For` hop that is not a trusted proxy, and the scheme is the one
 * the nearest proxy set in `X-Forwarded-Proto`; the host stays `Host`, which proxies pass
 * on (`X-Forwarded-Host` is not read: a proxy that does not set it passes the client's on).
 */
export function browserSide(request: Request, peer: string | undefined, proxies: TrustedProxies): BrowserSide {
  const url = new URL(request.url);
  const direct = { address: peer ?? "unknown", secure: url.protocol === "https:", origin: url.origin };
  if (peer === undefined || !proxies.trusts(peer, 0)) return direct;

  let address = peer;
  const hops = list(request.headers.get("x-forwarded-for")).reverse();
  for (const [index, hop] of hops.entries()) {
    if (index > 0 && !proxies.trusts(address, index)) break;
    // What is not an address was not written by a proxy: the one that passed it on is as far as we can see.
    const next = normalized(hop);
    if (!next) break;
    address = next;
  }
  const proto = list(request.headers.get("x-forwarded-proto")).at(-1)?.toLowerCase();
  const secure = proto === "https" ? true : proto === "http" ? false : direct.secure;
  return { address, secure, origin: `${secure ? "https" : "http"}://${url.host}` };
}

/** A comma-separated header's values (several header lines arrive joined by commas). */
function list(header: string | null): string[] {
  return header ? header.split(",").map((v) => v.trim()).filter(Boolean) : [];
}

/**
 * A forwarded hop as a plain address, or undefined if it is not one. Some proxies add a
 * port (`1.2.3.4:5678`, `[2001:db8::1]:443`); an IPv4-mapped IPv6 address is the IPv4
 * client it stands for, so both spellings count as one address.
 */
function normalized(hop: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop);
  const address = bracketed?.[1] ?? withPort?.[1] ?? hop;
  if (!isIP(address)) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address.toLowerCase();
}
