import { describe, expect, test } from "bun:test";
import { describeDuration, describeRemaining, durationAndReason, parseDuration } from "../../../src/chat/moderation/duration.ts";

describe("durations", () => {
  test.each([
    ["30s", 30_000],
    ["10m", 600_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    ["1W", 604_800_000],
  ])("%s is read as %p ms", (word, ms) => {
    expect(parseDuration(word)).toEqual({ ok: true, value: ms });
  });

  test("a word that is no duration, or zero, is refused with what to say instead", () => {
    expect(parseDuration("10 minutes")).toEqual({ ok: false, error: { code: "bad-arguments", message: "10 minutes is not a duration: say 30s, 10m, 2h, 1d or 1w." } });
    expect(parseDuration("1y").ok).toBe(false);
    expect(parseDuration("1234567m").ok).toBe(false);
    expect(parseDuration("0m")).toEqual({ ok: false, error: { code: "bad-arguments", message: "A duration must be longer than zero." } });
  });

  test("a duration is told in the largest unit that divides it, a few ms either way being noise", () => {
    expect([600_000, 3_600_000, 90_000, 86_400_000 * 7, 86_400_000 * 2, 599_998, 1].map(describeDuration)).toEqual([
      "10 minutes",
      "1 hour",
      "90 seconds",
      "1 week",
      "2 days",
      "10 minutes",
      "1 second",
    ]);
  });

  test("time left is told roughly, rounded up, in seconds up to two minutes, then minutes, hours, days", () => {
    expect([45_000, 119_000, 120_000, 9 * 60_000 - 1, 3 * 3_600_000, 172_800_000, 0].map(describeRemaining)).toEqual([
      "45 seconds",
      "119 seconds",
      "2 minutes",
      "9 minutes",
      "3 hours",
      "2 days",
      "1 second",
    ]);
  });

  test("/ban and /mute read a first word that is a duration as one, and the rest as the reason", () => {
    expect(durationAndReason("10m flooding the room")).toEqual(["10m", "flooding the room"]);
    expect(durationAndReason("  flooding the room ")).toEqual([undefined, "flooding the room"]);
    expect(durationAndReason("2h")).toEqual(["2h", ""]);
    expect(durationAndReason("")).toEqual([undefined, ""]);
  });
});
