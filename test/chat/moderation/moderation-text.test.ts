import { describe, expect, test } from "bun:test";
import type { ModerationEvent } from "../../../src/chat/events.ts";
import { describeModeration, describeTopic } from "../../../src/chat/moderation/moderation-text.ts";

const at = Date.UTC(2026, 0, 1);
const line = (fields: Partial<ModerationEvent> & Pick<ModerationEvent, "action">): string =>
  describeModeration({ kind: "moderation", id: 1, at, room: "#lobby", target: "troll", by: "bob", ...fields });

describe("moderation lines", () => {
  test("each action is one line of plain text: who did what to whom, for how long and why", () => {
    expect([
      line({ action: "kick", reason: "flooding" }),
      line({ action: "ban", address: "203.0.113.9", until: at + 86_400_000 }),
      line({ action: "ban", target: "203.0.113.9", by: "the console" }),
      line({ action: "unban" }),
      line({ action: "mute", until: at + 600_000, reason: "shouting" }),
      line({ action: "mute" }),
      line({ action: "unmute" }),
      line({ action: "op", by: "the console", target: "alice" }),
      line({ action: "deop", by: "the console", target: "alice" }),
    ]).toEqual([
      "bob kicked troll: flooding",
      "bob banned troll (and 203.0.113.9) for 1 day",
      "the console banned 203.0.113.9",
      "bob lifted the ban on troll",
      "bob muted troll for 10 minutes: shouting: they can read but not send",
      "bob muted troll: they can read but not send",
      "bob unmuted troll",
      "the console made alice an operator",
      "the console took operator rights from alice",
    ]);
  });

  test("a topic line says who set it, or that it was cleared", () => {
    const topic = { kind: "topic", id: 1, at, room: "#lobby", by: "alice" } as const;
    expect(describeTopic({ ...topic, topic: "Release on Friday" })).toBe("alice set the topic: Release on Friday");
    expect(describeTopic({ ...topic, topic: "" })).toBe("alice cleared the topic");
  });
});
