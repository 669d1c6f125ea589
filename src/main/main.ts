import { createInterface } from "node:readline";
import { createLog } from "../output/log-lines.ts";
import { ConfigError, helpText, parseConfig, type Config } from "./config.ts";
import { createConsole } from "./console.ts";
import { openStorage } from "./storage.ts";
import { startSwitchboard } from "./switchboard.ts";

const log = createLog();

function readConfig(): Config {
  try {
    const config = parseConfig(Bun.argv.slice(2), process.env);
    if (config !== "help") return config;
    console.log(helpText());
    process.exit(0);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`switchboard: ${error.message} (see --help)`);
    process.exit(2);
  }
}

const config = readConfig();
let switchboard;
try {
  switchboard = startSwitchboard(config, log, await openStorage(config, log));
} catch (error) {
  console.error(`switchboard: cannot start: ${(error as Error).message}`);
  process.exit(1);
}

const { chat, httpUrl, telnetHost, telnetPort, sshPort, ircPort, ircTlsPort, network } = switchboard;
console.log(`Switchboard is up. Browsers: ${httpUrl}`);
console.log(`Terminals: telnet ${telnetHost} ${telnetPort}   (or: nc ${telnetHost} ${telnetPort})`);
if (sshPort !== undefined) console.log(`Over SSH: ssh -p ${sshPort} NICK@${telnetHost}   (your nickname as the user name)`);
if (ircPort !== undefined) console.log(`IRC: irc://${telnetHost}:${ircPort}${ircTlsPort === undefined ? "" : `   (TLS: ircs://${telnetHost}:${ircTlsPort})`}`);
// Listening on every address: say which ones others on the network can use, as dev servers do.
for (const other of network) console.log(`Network: ${other.httpUrl}   telnet ${other.telnetHost} ${telnetPort}`);
console.log(`Type "help" here for console commands, "stop" to shut down.`);

async function stop(why: string) {
  log(`stopping (${why})`);
  await switchboard!.stop();
  log("stopped");
  process.exit(0);
}

process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

const handleLine = createConsole(chat, () => void stop("console"), (text) => console.log(text));
// End of input (no terminal, </dev/null) just means no console; the server keeps running.
createInterface({ input: process.stdin, terminal: false }).on("line", handleLine);
