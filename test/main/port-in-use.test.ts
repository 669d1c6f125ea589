import { afterEach, describe, expect, test } from "bun:test";

/** A port held by another listener for the test's length. */
let held: Bun.TCPSocketListener<undefined> | undefined;
afterEach(() => {
  held?.stop(true);
  held = undefined;
});

function holdPort(): number {
  const listener = Bun.listen({ hostname: "0.0.0.0", port: 0, socket: { data() {} } });
  held = listener;
  return listener.port;
}

/** Starts the server with `args` and returns its exit code and what it printed on stderr. */
async function startWith(args: string[]): Promise<{ code: number; err: string }> {
  const proc = Bun.spawn(["bun", "run", "src/index.ts", "--db", ":memory:", ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const err = await new Response(proc.stderr).text();
  return { code: await proc.exited, err };
}

describe("a port that is already taken", () => {
  // Issue 22: "cannot start: a port is already in use" said neither which port nor which option.
  for (const option of ["--telnet-port", "--http-port", "--ssh-port"])
    test(`names the port and ${option} in one line, exit code 1`, async () => {
      const port = holdPort();
      const others = ["--telnet-port", "--http-port"].filter((other) => other !== option).flatMap((other) => [other, "0"]);
      const { code, err } = await startWith([option, String(port), ...others]);
      expect(code).toBe(1);
      expect(err.trim().split("\n")).toHaveLength(1);
      // ssh2 reports why it could not listen only later, as an event: its line names the port and option.
      if (option === "--ssh-port") expect(err.trim()).toBe(`switchboard: cannot start: cannot listen for SSH on port ${port} (--ssh-port ${port})`);
      else expect(err.trim()).toBe(`switchboard: cannot start: port ${port} (${option}) is already in use`);
    });
});
