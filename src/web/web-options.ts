import type { ArrivalTurns } from "../connections/arrival-turns.ts";
import type { SessionStore } from "../stores/session-store.ts";
import type { TerminalPorts } from "./join-page-facts.ts";
import type { TlsFiles } from "./tls-files.ts";
import type { TrustedProxies } from "./trusted-proxies.ts";

/** How the web transport is set up: where it listens, and what its routes allow. */
export interface WebOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  /** Larger request bodies are answered 413. */
  maxBodyBytes: number;
  /** A web member with no open stream for this long leaves the chat. */
  graceSeconds: number;
  /** Reverse proxies whose X-Forwarded-* headers are believed; nobody's when not given. */
  trustProxy?: TrustedProxies;
  /** Keeps web sessions across restarts; without one a restart logs every browser out. */
  sessionStore?: SessionStore;
  /** One line per join, leave, stream open and stream close. */
  log: (line: string) => void;
  /** Shares the port with other instances on this host (SO_REUSEPORT): the kernel spreads connections. */
  reusePort?: boolean;
  /** Newcomers take turns with the members already in (arrival-turns.ts); shared with telnet, so one storm is paced as one. */
  arrivals?: ArrivalTurns;
  /** Serves HTTPS with this certificate and key (see tls-files.ts); plain HTTP without. */
  tls?: TlsFiles;
  /** The terminal listeners' ports, for the join page's "from a terminal" lines (asked when it is shown: they start after the web). */
  terminalPorts?: () => TerminalPorts;
}
