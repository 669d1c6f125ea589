import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";

const WILDCARDS = new Set(["0.0.0.0", "::"]);

/** Where a client on this machine reaches a listener on `host`: a wildcard cannot be connected to, loopback can. */
export function localHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "::1";
  return host;
}

/** `host` as written in a URL: an IPv6 address goes in brackets (but not after `telnet` or `nc`, which refuse them). */
export function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** The web address of a listener on `host` and `port`, as a browser on this machine opens it. */
export function httpUrl(host: string, port: number, scheme: "http" | "https" = "http"): string {
  return `${scheme}://${urlHost(localHost(host))}:${port}/`;
}

/**
 * The addresses others on the network reach a listener on `host` by, as dev servers print
 * them: none unless it listens on a wildcard. `0.0.0.0` is IPv4 only; `::` takes both, and
 * link-local IPv6 addresses (fe80::/10) are left out, since a URL with one needs the zone.
 */
export function networkHosts(
  host: string,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  if (!WILDCARDS.has(host)) return [];
  const all = Object.values(interfaces)
    .flatMap((addresses) => addresses ?? [])
    .filter((a) => !a.internal);
  const v4 = all.filter((a) => a.family === "IPv4");
  const v6 = host === "::" ? all.filter((a) => a.family === "IPv6" && !/^fe[89ab]/i.test(a.address)) : [];
  return [...new Set([...v4, ...v6].map((a) => a.address))];
}

/**
 * The web address for a client that reached this machine at `local` (the address its
 * connection came in on): on a wildcard listener that is the address it knows the machine
 * by, not loopback, which would be its own machine. Otherwise `httpUrl`.
 */
export function httpUrlFor(local: string | undefined, host: string, port: number, scheme: "http" | "https" = "http"): string {
  if (!WILDCARDS.has(host) || !local) return httpUrl(host, port, scheme);
  // An IPv4 client of a dual-stack listener shows as ::ffff:a.b.c.d.
  return `${scheme}://${urlHost(local.replace(/^::ffff:(?=\d+\.)/, ""))}:${port}/`;
}
