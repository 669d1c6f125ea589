import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { utils } from "ssh2";

const hostKeyModule = join(import.meta.dir, "../../src/ssh/host-key.ts");

test("servers starting at once on a fresh data folder all load one whole host key, never a half-written file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "host-key-"));
  try {
    for (let round = 0; round < 5; round++) {
      const path = join(dir, `round${round}`, "ssh_host_ed25519_key");
      // Each is a process of its own, as the servers of a test run or of --reuse-port are.
      const script = `const { loadHostKey } = await import(${JSON.stringify(hostKeyModule)}); process.stdout.write(loadHostKey(${JSON.stringify(path)}));`;
      const procs = Array.from({ length: 6 }, () => Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" }));
      const keys = await Promise.all(procs.map((proc) => new Response(proc.stdout).text()));
      for (const key of keys) expect(utils.parseKey(key)).not.toBeInstanceOf(Error);
      expect(new Set(keys).size).toBe(1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

test("every host key made is one ssh2 reads back (one in 300 of what ssh2 writes under Bun is not)", async () => {
  const { loadHostKey } = await import(hostKeyModule);
  const dir = mkdtempSync(join(tmpdir(), "host-keys-"));
  try {
    // 1,000 keys: without the check, a bad one among them is 96% likely.
    const unreadable = Array.from({ length: 1000 }, (_, n) => loadHostKey(join(dir, `key${n}`)) as string).filter((key) => utils.parseKey(key) instanceof Error);
    expect(unreadable).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
