import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteSessions } from "../../src/sqlite/sqlite-sessions.ts";
import { tokenHash } from "../../src/stores/session-store.ts";
import { FakeClock } from "../helpers/fake-clock.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-sessions-"));
  dirs.push(dir);
  return join(dir, "switchboard.sqlite");
}

const wendy = { nick: "wendy", memberId: "id-wendy", room: "#dev" };

test("a session saved is found again after the file is reopened, updated in place, and gone once deleted", () => {
  const path = tempPath();
  const first = new SqliteSessions(path);
  first.save("h1", wendy);
  first.save("h1", { ...wendy, nick: "wendy2", room: "#lobby" });
  first.close();
  const second = new SqliteSessions(path);
  expect(second.find("h1")).toEqual({ nick: "wendy2", memberId: "id-wendy", room: "#lobby" });
  expect(second.find("h2")).toBeUndefined();
  second.delete("h1");
  expect(second.find("h1")).toBeUndefined();
  second.close();
});

test("a session not saved for a day is forgotten at the next start", () => {
  const path = tempPath();
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const first = new SqliteSessions(path, clock);
  first.save("old", wendy);
  clock.advance(12 * 60 * 60 * 1000);
  first.save("recent", wendy);
  first.close();
  clock.advance(13 * 60 * 60 * 1000);
  const second = new SqliteSessions(path, clock);
  expect(second.find("old")).toBeUndefined();
  expect(second.find("recent")).toEqual(wendy);
  second.close();
});

test("sessions are stored under a hash of the token, never the token", () => {
  const token = "a-cookie-value";
  expect(tokenHash(token)).not.toContain(token);
  expect(tokenHash(token)).toBe(tokenHash(token));
  expect(tokenHash(token)).not.toBe(tokenHash(`${token}x`));
});
