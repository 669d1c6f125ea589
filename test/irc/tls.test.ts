import { afterAll, expect, test } from "bun:test";
import tls from "node:tls";
import { makeCertificate } from "../helpers/certificate.ts";
import { tempDir, useServerProcesses } from "../helpers/server-process.ts";

const { start } = useServerProcesses();
const dir = tempDir();
afterAll(dir.cleanup);

/** Everything a TLS client of `port` is sent until `pattern` shows, after it sent `lines`. */
function talkOverTls(port: number, ca: string, lines: string[], pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = "";
    const socket = tls.connect({ host: "127.0.0.1", port, ca, servername: "localhost" }, () => {
      for (const line of lines) socket.write(`${line}\r\n`);
    });
    const timer = setTimeout(() => reject(new Error(`no ${pattern} over TLS; got ${JSON.stringify(got)}`)), 10_000);
    socket.on("data", (chunk: Buffer) => {
      got += chunk.toString("utf8");
      if (!pattern.test(got)) return;
      clearTimeout(timer);
      socket.end();
      resolve(got);
    });
    socket.on("error", reject);
  });
}

test("--irc-tls-port serves IRC over TLS with the web's certificate, beside the plain port", async () => {
  const { cert, key } = await makeCertificate(dir.path, "localhost");
  const server = await start(["--irc-port", "0", "--irc-tls-port", "0", "--tls-cert", cert, "--tls-key", key, "--db", ":memory:"]);
  const line = await server.waitForOutput(/IRC: irc:\/\/\S+ +\(TLS: ircs:\/\/127\.0\.0\.1:(\d+)\)/);
  const tlsPort = Number(/ircs:\/\/127\.0\.0\.1:(\d+)/.exec(line)![1]);
  expect(tlsPort).not.toBe(server.ircPort);
  const got = await talkOverTls(tlsPort, await Bun.file(cert).text(), ["NICK sec", "USER sec 0 * :Secure", "JOIN #lobby"], / 366 sec #lobby /);
  expect(got).toMatch(/ 001 sec :Welcome to Switchboard/);
});

test("--irc-tls-port without a certificate is a one-line error at start", async () => {
  const proc = Bun.spawn(["bun", "run", "src/index.ts", "--irc-port", "0", "--irc-tls-port", "0", "--http-port", "0", "--telnet-port", "0"], {
    cwd: `${import.meta.dir}/../..`,
    stdout: "pipe",
    stderr: "pipe",
  });
  expect(await proc.exited).toBe(2);
  expect(await new Response(proc.stderr).text()).toBe("switchboard: --irc-tls-port (IRC_TLS_PORT) needs --tls-cert and --tls-key: the certificate it serves (see --help)\n");
});
