import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { LISTEN_BACKLOG, raiseListenBacklog } from "../../src/connections/listen-backlog.ts";

/** The accept queue the kernel keeps for the socket listening on `port` (ss's Send-Q for a listener). */
function queueOf(port: number): number {
  const out = Bun.spawnSync(["ss", "-Hltn", `sport = :${port}`]).stdout.toString().trim();
  const fields = out.split(/\s+/);
  return Number(fields[2]);
}

test("the listeners' accept queue is raised above Bun's 512, so a storm of reconnects is not dropped", () => {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  try {
    expect(queueOf(listener.port)).toBe(512);
    expect(raiseListenBacklog()).toBeUndefined();
    // The kernel caps it at net.core.somaxconn.
    const most = Math.min(LISTEN_BACKLOG, Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8")));
    expect(queueOf(listener.port)).toBe(most);
    expect(queueOf(server.port!)).toBe(most);
  } finally {
    listener.stop(true);
    void server.stop(true);
  }
});
