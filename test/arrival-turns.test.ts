import { expect, test } from "bun:test";
import { ArrivalTurns } from "../src/arrival-turns.ts";

test("newcomers are let in a few per turn, in the order they came, and all of them", async () => {
  const turns = new ArrivalTurns(4);
  const order: string[] = [];
  const arrivals = Array.from({ length: 10 }, (_, i) => turns.turn().then(() => order.push(`a${i}`)));
  // Work of the members already in, queued behind the first arrivals: it gets a turn
  // between two groups of newcomers, not after all of them.
  const chat = new Promise<void>((resolve) => setImmediate(() => (order.push("chat"), resolve())));
  expect(turns.waiting).toBe(10);
  await Promise.all([...arrivals, chat]);
  expect(order.filter((o) => o !== "chat")).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`));
  expect(order.indexOf("chat")).toBeGreaterThan(0);
  expect(order.indexOf("chat")).toBeLessThanOrEqual(4);
  expect(turns.waiting).toBe(0);
});

test("in a quiet server a newcomer waits only for the end of the turn", async () => {
  const turns = new ArrivalTurns();
  let in_ = false;
  const arrival = turns.turn().then(() => (in_ = true));
  expect(in_).toBe(false);
  await arrival;
  expect(in_).toBe(true);
  // And again later: the schedule starts over.
  await turns.turn();
});
