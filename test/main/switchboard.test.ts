import { describe, expect, test } from "bun:test";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { OPTIONS } from "../../src/main/config.ts";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

const { start, tempDir } = useServerProcesses();

function freshDb(): string {
  return join(tempDir(), "history.sqlite");
}

/** What a telnet listener at `host`:`port` says first. */
/** What the telnet port answers an HTTP request that reached it by `host`, until it closes. */
async function answerToHttp(host: string, port: number): Promise<string> {
  const { promise, resolve, reject } = Promise.withResolvers<string>();
  let text = "";
  await Bun.connect({
    hostname: host,
    port,
    socket: {
      open: (socket) => void socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
      data: (_socket, chunk) => void (text += chunk.toString()),
      close: () => resolve(text),
      error: (_socket, error) => reject(error),
    },
  });
  return promise;
}

async function firstWords(host: string, port: number): Promise<string> {
  const { promise, resolve, reject } = Promise.withResolvers<string>();
  const socket = await Bun.connect({
    hostname: host,
    port,
    socket: {
      data: (_socket, chunk) => resolve(chunk.toString()),
      error: (_socket, error) => reject(error),
    },
  });
  try {
    return await promise;
  } finally {
    socket.end();
  }
}

async function telnetUser(port: number, nick: string) {
  const client = await TestClient.connect(port);
  await client.waitFor(/nickname/i);
  client.telnetLine(nick);
  await client.waitFor(new RegExp(`${nick} joined`));
  return client;
}

describe("starting", () => {
  test("--help lists every option with its default and exits 0", async () => {
    const proc = Bun.spawn(["bun", "run", "src/index.ts", "--help"], { stdout: "pipe" });
    const out = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    for (const option of OPTIONS) {
      const line = out.split("\n").find((l) => l.trimStart().startsWith(`--${option.flag} `));
      const shown = option.shownDefault ?? (option.default === "" ? "off" : option.default);
      expect({ option: option.flag, line }).toEqual({ option: option.flag, line: expect.stringContaining(`env ${option.env}, default ${shown}`) });
    }
    expect(out).toContain("--trust-proxy");
  });

  test.each([
    [["--http-port", "http"], /--http-port.*port number/],
    [["--max-line", "-5"], /--max-line/],
    [["--no-such-option"], /no-such-option/],
    [["--trust-proxy", "proxy.example"], /--trust-proxy.*proxy\.example/],
    [["--redis", "localhost:6379"], /--redis.*redis:\/\/127\.0\.0\.1:6379/],
    [["--op", "alice,bad nick!"], /--op \(OPS\): "nick!" is not a nickname/],
    [["--reuse-port"], /--reuse-port.*needs --redis/],
  ])("a bad option %p is a one-line error and exit code 2", async (args, message) => {
    const proc = Bun.spawn(["bun", "run", "src/index.ts", ...args], { stdout: "pipe", stderr: "pipe" });
    const err = await new Response(proc.stderr).text();
    expect(await proc.exited).toBe(2);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(message);
    expect(err).not.toContain("    at ");
  });

  test("a Redis that cannot be reached is a one-line error and exit code 1", async () => {
    const proc = Bun.spawn(["bun", "run", "src/index.ts", "--redis", "redis://127.0.0.1:1", "--http-port", "0", "--telnet-port", "0"], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const err = await new Response(proc.stderr).text();
    expect(await proc.exited).toBe(1);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(/cannot start: cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  test("it starts from any working directory, as a service manager would, and keeps its data there", async () => {
    const dir = tempDir();
    const server = await start([], dir);
    for (const path of ["/", "/style.css", "/htmx.js", "/healthz"])
      expect((await fetch(new URL(path, server.httpUrl))).status).toBe(200);
    const tom = await telnetUser(server.telnetPort, "tom");
    tom.telnetLine("kept in the working directory");
    await tom.waitFor(/kept in the working directory|tom/);
    expect(await Bun.file(join(dir, "data", "switchboard.sqlite")).exists()).toBe(true);
  });

  test("listening on every IPv4 address, it also prints the addresses others on the network can open", async () => {
    const lan = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === "IPv4" && !i.internal)
      .map((i) => i!.address);
    const server = await start(["--host", "0.0.0.0"]);
    await server.waitForOutput(/Type "help"/);
    // The first address lines stay what tests and benchmarks parse: loopback, reachable from here.
    expect(server.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.output()).toContain(`telnet 127.0.0.1 ${server.telnetPort}`);
    const port = new URL(server.httpUrl).port;
    for (const address of lan) {
      expect(server.output()).toContain(`Network: http://${address}:${port}/   telnet ${address} ${server.telnetPort}`);
      expect((await fetch(`http://${address}:${port}/healthz`)).status).toBe(200);
      expect(await firstWords(address, server.telnetPort)).toMatch(/nickname/i);
      // A browser pointed at the telnet port by this address is sent to the page at the same address.
      expect(await answerToHttp(address, server.telnetPort)).toContain(`open http://${address}:${port}/ in a browser`);
    }
    expect(await answerToHttp("127.0.0.1", server.telnetPort)).toContain(`open http://127.0.0.1:${port}/ in a browser`);
    expect(server.output().match(/Network: /g)?.length ?? 0).toBe(lan.length);
  });

  test("listening on ::, IPv6 addresses are bracketed in URLs and bare after telnet", async () => {
    const global6 = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === "IPv6" && !i.internal && !/^fe[89ab]/i.test(i.address))
      .map((i) => i!.address);
    const server = await start(["--host", "::"]);
    await server.waitForOutput(/Type "help"/);
    expect(server.httpUrl).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
    expect(server.output()).toContain(`telnet ::1 ${server.telnetPort}   (or: nc ::1 ${server.telnetPort})`);
    expect((await fetch(new URL("/healthz", server.httpUrl))).status).toBe(200);
    const port = new URL(server.httpUrl).port;
    for (const address of global6) {
      expect(server.output()).toContain(`Network: http://[${address}]:${port}/   telnet ${address} ${server.telnetPort}`);
      expect((await fetch(`http://[${address}]:${port}/healthz`)).status).toBe(200);
    }
  });

  test("listening on one address, it prints no network lines", async () => {
    const server = await start();
    await server.waitForOutput(/Type "help"/);
    expect(server.output()).not.toContain("Network:");
  });

  test("a bad environment value is refused the same way", async () => {
    const proc = Bun.spawn(["bun", "run", "src/index.ts"], { stderr: "pipe", env: { ...process.env, TELNET_PORT: "99999" } });
    expect(await proc.exited).toBe(2);
    expect(await new Response(proc.stderr).text()).toContain("TELNET_PORT");
  });
});

describe("one conversation across transports", () => {
  test("a telnet user and a browser see each other's messages, nick and time", async () => {
    const server = await start(["--db", ":memory:"]);
    const tom = await telnetUser(server.telnetPort, "tom");
    const wendy = new TestBrowser(new URL(server.httpUrl).origin);
    expect((await wendy.join("wendy")).status).toBe(303);
    const wendyStream = await wendy.stream();
    await tom.waitFor(/wendy joined.*web/);

    tom.telnetLine("hello from the terminal");
    const heard = await wendyStream.waitFor("hello from the terminal");
    expect(heard.data).toContain("tom");

    expect((await wendy.say("hello from the browser")).status).toBeLessThan(400);
    const line = await tom.waitFor(/.*hello from the browser.*/);
    expect(line[0]).toMatch(/\d\d:\d\d.*wendy.*hello from the browser/);

    tom.telnetLine("/who");
    await tom.waitFor(/tom \(telnet\).*|wendy \(web\)/);
    await server.waitForOutput(/join tom \(telnet 127\.0\.0\.1\)/);
  });

  test("history survives kill -9 and a restart", async () => {
    const db = freshDb();
    const first = await start(["--db", db]);
    const tom = await telnetUser(first.telnetPort, "tom");
    const witness = await telnetUser(first.telnetPort, "witness");
    tom.telnetLine("remember me");
    await witness.waitFor(/<.*tom.*> remember me/);
    first.proc.kill("SIGKILL");
    await first.exited;

    const second = await start(["--db", db]);
    const ann = await TestClient.connect(second.telnetPort);
    await ann.waitFor(/nickname/i);
    ann.telnetLine("ann");
    await ann.waitFor(/remember me/);
  });
});

describe("stopping", () => {
  test.each([["console stop"], ["SIGTERM"], ["SIGINT"]])("%s tells everyone and exits 0", async (how) => {
    const server = await start(["--db", freshDb()]);
    const tom = await telnetUser(server.telnetPort, "tom");
    const wendy = new TestBrowser(new URL(server.httpUrl).origin);
    await wendy.join("wendy");
    const wendyStream = await wendy.stream();
    await wendyStream.waitFor("wendy");
    if (how === "console stop") server.type("stop");
    else server.proc.kill(how === "SIGTERM" ? "SIGTERM" : "SIGINT");
    expect(await server.exited).toBe(0);
    await tom.closed;
    expect(tom.text).toMatch(/shutting down/i);
    await wendyStream.waitFor("shutting down");
  });

  test("the console answers who, say, kick and help", async () => {
    const server = await start(["--db", ":memory:"]);
    const tom = await telnetUser(server.telnetPort, "tom");
    const ann = await telnetUser(server.telnetPort, "ann");
    server.type("help");
    await server.waitForOutput(/kick NICK/);
    server.type("who");
    await server.waitForOutput(/2 online[\s\S]*ann \(telnet, #lobby, 127\.0\.0\.1\)/);
    server.type("say maintenance at noon");
    await ann.waitFor(/maintenance at noon/);
    server.type("kick tom flooding");
    await tom.closed;
    expect(tom.text).toContain("You were kicked by the console: flooding");
    await ann.waitFor(/\*\*\* the console kicked tom: flooding/);
    server.type("kick nobody");
    await server.waitForOutput(/No one called nobody/);
  });
});
