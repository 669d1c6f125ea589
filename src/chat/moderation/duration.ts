import { fail, ok, type Result } from "../result.ts";
import { splitFirst } from "../text.ts";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const UNIT_NAME = { s: "second", m: "minute", h: "hour", d: "day", w: "week" } as const;

/** Whether `word` reads as a duration (`30s`, `10m`, `2h`, `1d`, `1w`), as `/ban` and `/mute` take it. */
export function isDuration(word: string): boolean {
  return /^\d{1,6}[smhdw]$/i.test(word);
}

/** `10m` in milliseconds. */
export function parseDuration(word: string): Result<number> {
  if (!isDuration(word)) return fail("bad-arguments", `${word} is not a duration: say 30s, 10m, 2h, 1d or 1w.`);
  const unit = word.slice(-1).toLowerCase() as keyof typeof UNIT_MS;
  const count = Number(word.slice(0, -1));
  if (count === 0) return fail("bad-arguments", "A duration must be longer than zero.");
  return ok(count * UNIT_MS[unit]);
}

/** `10 minutes`, `1 hour`, `90 seconds`: the largest unit that divides `ms` evenly. */
export function describeDuration(exactMs: number): string {
  // Told from an end time and a start taken a moment apart: a few ms either way are noise.
  const ms = Math.max(1000, Math.round(exactMs / 1000) * 1000);
  const units = Object.keys(UNIT_MS).reverse() as (keyof typeof UNIT_MS)[];
  const unit = units.find((u) => ms >= UNIT_MS[u] && ms % UNIT_MS[u] === 0) ?? "s";
  const count = Math.max(1, Math.round(ms / UNIT_MS[unit]));
  return `${count} ${UNIT_NAME[unit]}${count === 1 ? "" : "s"}`;
}

/** Time left, roughly: `45 seconds`, `9 minutes`, `3 hours`, `2 days`. */
export function describeRemaining(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const [count, unit] =
    seconds < 120 ? [seconds, "second"] : seconds < 7200 ? [Math.ceil(seconds / 60), "minute"] : seconds < 172_800 ? [Math.ceil(seconds / 3600), "hour"] : [Math.ceil(seconds / 86_400), "day"];
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** `[duration] [reason...]`, as `/ban` and `/mute` take them: the first word is a duration when it reads as one. */
export function durationAndReason(text: string): [string | undefined, string] {
  const [first, rest] = splitFirst(text);
  return isDuration(first) ? [first, rest] : [undefined, text.trim()];
}
