import { parseArgs } from "node:util";
import { validateNick } from "../chat/index.ts";
import { parseTrustedProxies, type TrustedProxies } from "../web/trusted-proxies.ts";

/** Everything the server can be told on the command line or through the environment. */
export interface Config {
  host: string;
  httpPort: number;
  telnetPort: number;
  maxClients: number;
  maxPerAddress: number;
  limitLoopback: boolean;
  msgRate: number;
  msgBurst: number;
  maxLine: number;
  nickTimeout: number;
  history: number;
  bigRoom: number;
  maxRoomsPerMember: number;
  maxRooms: number;
  db: string;
  maxBody: number;
  grace: number;
  trustProxy: TrustedProxies;
  /** Redis shared with other instances; empty when this instance is alone. */
  redis: string;
  reusePort: boolean;
  /** The SSH listener's port; undefined when there is none. */
  sshPort: number | undefined;
  /** The IRC listener's port; undefined when there is none. */
  ircPort: number | undefined;
  /** The IRC-over-TLS port (with `tlsCert`); undefined when there is none. */
  ircTlsPort: number | undefined;
  /** The SSH host key file; empty for the default, beside the history file (see `sshHostKeyPath`). */
  sshHostKey: string;
  /** The file holding the web port's certificate chain (PEM); empty for plain HTTP. Given with `tlsKey` or not at all. */
  tlsCert: string;
  /** The file holding the private key of `tlsCert` (PEM); empty for plain HTTP. */
  tlsKey: string;
  /** Nicknames that are operators once proven, besides those the console made (a service has no console). */
  ops: string[];
}

type Kind = "string" | "port" | "optional-port" | "path" | "count" | "positive" | "flag" | "proxies" | "redis" | "nicks";

interface OptionSpec {
  key: keyof Config;
  flag: string;
  env: string;
  kind: Kind;
  default: string | number | boolean;
  help: string;
  /** What `--help` says the default is, when the value itself would not say it. */
  shownDefault?: string;
}

/** The option table: parsing, environment variables and `--help` all come from it. */
export const OPTIONS: readonly OptionSpec[] = [
  { key: "host", flag: "host", env: "HOST", kind: "string", default: "0.0.0.0", help: "address to listen on" },
  { key: "httpPort", flag: "http-port", env: "HTTP_PORT", kind: "port", default: 3000, help: "web port (0 picks a free one)" },
  { key: "telnetPort", flag: "telnet-port", env: "TELNET_PORT", kind: "port", default: 2323, help: "telnet port (0 picks a free one)" },
  { key: "maxClients", flag: "max-clients", env: "MAX_CLIENTS", kind: "count", default: 1000, help: "members connected at once, both transports together" },
  { key: "maxPerAddress", flag: "max-per-address", env: "MAX_PER_ADDRESS", kind: "count", default: 10, help: "connections from one address (loopback exempt)" },
  { key: "limitLoopback", flag: "limit-loopback", env: "LIMIT_LOOPBACK", kind: "flag", default: false, help: "apply --max-per-address to loopback too" },
  { key: "msgRate", flag: "msg-rate", env: "MSG_RATE", kind: "positive", default: 5, help: "messages per second per member" },
  { key: "msgBurst", flag: "msg-burst", env: "MSG_BURST", kind: "count", default: 10, help: "messages a member may send at once (a short paste)" },
  { key: "maxLine", flag: "max-line", env: "MAX_LINE", kind: "count", default: 2048, help: "longest message, in bytes" },
  { key: "nickTimeout", flag: "nick-timeout", env: "NICK_TIMEOUT", kind: "positive", default: 60, help: "seconds a new connection has to pick a nickname (and an SSH one to log in)" },
  { key: "history", flag: "history", env: "HISTORY", kind: "count", default: 50, help: "past messages shown on join" },
  { key: "bigRoom", flag: "big-room", env: "BIG_ROOM", kind: "count", default: 100, help: "members above which a room tells comings and goings once a second, in one line" },
  { key: "maxRoomsPerMember", flag: "max-rooms-per-member", env: "MAX_ROOMS_PER_MEMBER", kind: "count", default: 50, help: "rooms one member may be in at once" },
  { key: "maxRooms", flag: "max-rooms", env: "MAX_ROOMS", kind: "count", default: 10000, help: "rooms there may be at once" },
  { key: "db", flag: "db", env: "DB", kind: "string", default: "data/switchboard.sqlite", help: "history file (:memory: keeps none)" },
  { key: "maxBody", flag: "max-body", env: "MAX_BODY", kind: "count", default: 16384, help: "largest web request body, in bytes" },
  { key: "grace", flag: "grace", env: "GRACE", kind: "positive", default: 30, help: "seconds a web member may have no open page before leaving" },
  { key: "trustProxy", flag: "trust-proxy", env: "TRUST_PROXY", kind: "proxies", default: "none", help: "reverse proxies whose X-Forwarded-For/-Proto are believed: addresses, CIDR ranges, loopback, private, or a hop count" },
  { key: "redis", flag: "redis", env: "REDIS_URL", kind: "redis", default: "", help: "redis://host:port shared by several instances (rooms, nicknames, history, event ids); off when empty" },
  { key: "reusePort", flag: "reuse-port", env: "REUSE_PORT", kind: "flag", default: false, help: "let several instances on this host share the ports, one per core (needs --redis)" },
  { key: "sshPort", flag: "ssh-port", env: "SSH_PORT", kind: "optional-port", default: "", help: "SSH port: `ssh -p PORT nick@host` joins as nick (0 picks a free one)" },
  { key: "ircPort", flag: "irc-port", env: "IRC_PORT", kind: "optional-port", default: "", help: "IRC port: irssi, WeeChat, bots join the same rooms (0 picks a free one)" },
  { key: "ircTlsPort", flag: "irc-tls-port", env: "IRC_TLS_PORT", kind: "optional-port", default: "", help: "IRC over TLS, with --tls-cert and --tls-key (0 picks a free one)" },
  { key: "sshHostKey", flag: "ssh-host-key", env: "SSH_HOST_KEY", kind: "path", default: "", shownDefault: "made once beside the --db file", help: "the SSH server's private key (OpenSSH format)" },
  { key: "tlsCert", flag: "tls-cert", env: "TLS_CERT", kind: "path", default: "", help: "certificate chain (PEM) to serve HTTPS on the web port; needs --tls-key" },
  { key: "tlsKey", flag: "tls-key", env: "TLS_KEY", kind: "path", default: "", help: "private key (PEM, unencrypted) of --tls-cert" },
  { key: "ops", flag: "op", env: "OPS", kind: "nicks", default: "", help: "operators: nicknames, comma-separated, each an operator once registered and proven (besides the console's op)" },
];

export class ConfigError extends Error {}

/** The `--help` text. */
export function helpText(): string {
  const rows = OPTIONS.map((o) => {
    const arg = o.kind === "flag" ? "" : ` <${o.kind === "redis" ? "url" : o.kind === "path" ? "path" : o.kind === "string" || o.kind === "proxies" ? "value" : o.kind === "nicks" ? "nicks" : "n"}>`;
    return [`  --${o.flag}${arg}`, `${o.help} (env ${o.env}, default ${o.shownDefault ?? (o.default === "" ? "off" : o.default)})`];
  });
  const width = Math.max(...rows.map(([left]) => left!.length));
  return [
    "Usage: bun run src/index.ts [options]",
    "",
    "Switchboard: one chat for telnet/nc and browsers.",
    "",
    "Options (each also from an environment variable):",
    ...rows.map(([left, right]) => `${left!.padEnd(width)}  ${right}`),
    `  ${"--help".padEnd(width - 2)}  show this help`,
  ].join("\n");
}

/**
 * Reads the configuration from `argv` (flags win) and `env`.
 * Returns "help" when --help was asked; throws ConfigError with a one-line reason on a bad value.
 */
export function parseConfig(argv: string[], env: Record<string, string | undefined>): Config | "help" {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(OPTIONS.map((o) => [o.flag, { type: o.kind === "flag" ? "boolean" : "string" }] as const)),
      },
    }));
  } catch (error) {
    throw new ConfigError((error as Error).message.split("\n")[0]);
  }
  if (values.help) return "help";
  const config: Record<string, unknown> = {};
  for (const option of OPTIONS) {
    config[option.key] = convert(option, values[option.flag] ?? env[option.env] ?? option.default);
  }
  // Without Redis, instances sharing the ports would each be a chat of their own: a user
  // would land in one or the other by chance.
  if (config.reusePort && !config.redis)
    throw new ConfigError("--reuse-port (REUSE_PORT) needs --redis: instances sharing ports must share the chat");
  // Half a TLS setup would silently serve plain HTTP to someone who asked for HTTPS.
  if (config.tlsCert && !config.tlsKey) throw new ConfigError("--tls-cert (TLS_CERT) needs --tls-key (TLS_KEY): the certificate's private key");
  if (config.ircTlsPort !== undefined && !config.tlsCert)
    throw new ConfigError("--irc-tls-port (IRC_TLS_PORT) needs --tls-cert and --tls-key: the certificate it serves");
  if (config.tlsKey && !config.tlsCert) throw new ConfigError("--tls-key (TLS_KEY) needs --tls-cert (TLS_CERT): the certificate it belongs to");
  return config as unknown as Config;
}

function convert(option: OptionSpec, raw: string | number | boolean): Config[keyof Config] {
  const where = `--${option.flag} (${option.env})`;
  if (typeof raw === "boolean") return raw;
  const text = String(raw).trim();
  if (option.kind === "flag") {
    if (/^(1|true|yes|on)$/i.test(text)) return true;
    if (/^(0|false|no|off|)$/i.test(text)) return false;
    throw new ConfigError(`${where} must be true or false, not "${text}"`);
  }
  if (option.kind === "proxies") {
    try {
      return parseTrustedProxies(text);
    } catch (error) {
      throw new ConfigError(`${where}: ${(error as Error).message}`);
    }
  }
  if (option.kind === "redis") {
    if (text && !/^(redis|rediss|valkey|valkeys):\/\/\S+$/.test(text))
      throw new ConfigError(`${where} must be a URL like redis://127.0.0.1:6379, not "${text}"`);
    return text;
  }
  if (option.kind === "string") {
    if (!text) throw new ConfigError(`${where} must not be empty`);
    return text;
  }
  if (option.kind === "path") return text;
  if (option.kind === "nicks") {
    const nicks = text.split(/[\s,]+/).filter(Boolean);
    for (const nick of nicks) {
      const valid = validateNick(nick);
      if (!valid.ok) throw new ConfigError(`${where}: "${nick}" is not a nickname (${valid.error.message})`);
    }
    return nicks;
  }
  if (option.kind === "optional-port" && text === "") return undefined;
  const number = Number(text);
  const isPort = option.kind === "port" || option.kind === "optional-port";
  const valid =
    text !== "" &&
    Number.isFinite(number) &&
    (option.kind === "positive" ? number > 0 : Number.isInteger(number) && number >= (isPort ? 0 : 1)) &&
    (!isPort || number <= 65535);
  if (!valid) {
    const expected = {
      port: "a port number from 0 to 65535",
      "optional-port": "a port number from 0 to 65535",
      count: "a whole number of at least 1",
      positive: "a number above 0",
    }[option.kind];
    throw new ConfigError(`${where} must be ${expected}, not "${text}"`);
  }
  return number;
}
