import { expect, test } from "bun:test";
import { ArrivalTurns } from "../../src/connections/arrival-turns.ts";

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

test("addresses take turns: a flood from one does not keep another's newcomer waiting behind it", async () => {
  const turns = new ArrivalTurns(4);
  const order: string[] = [];
  const flood = Array.from({ length: 100 }, (_, i) => turns.turn("203.0.113.9").then(() => order.push(`flood${i}`)));
  const newcomer = turns.turn("198.51.100.7").then(() => order.push("newcomer"));
  await newcomer;
  // Let in within the first turn of 4, second after the flood's first.
  expect(order).toEqual(["flood0", "newcomer", "flood1", "flood2"]);
  await Promise.all(flood);
  expect(order.filter((o) => o.startsWith("flood"))).toEqual(Array.from({ length: 100 }, (_, i) => `flood${i}`));
});
