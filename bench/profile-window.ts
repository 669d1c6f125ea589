/**
 * The JavaScript side of a workload's steady state: the samples of a server's CPU profile
 * (`bun run bench W8 --profile DIR`) that fall in its window, by function, for two
 * profiles side by side. A whole profile also holds the joins, which hide the steady state.
 *
 *   bun bench/profile-window.ts A.cpuprofile FROM_MS TO_MS B.cpuprofile FROM_MS TO_MS [top]
 *
 * The window bounds (wall-clock ms) are `details.steady.fromMs` and `toMs` of each row in
 * bench/results.json. Counts are samples (one per ~1 ms the JavaScript thread runs), not
 * time: the profiler weighs a sample by the gap since the last one, idle time included.
 */
import { readFile } from "node:fs/promises";

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self samples by function (name and place), and the total, in [fromMs, toMs]. */
function windowCounts(profile: Profile, fromMs: number, toMs: number): { total: number; byFunction: Map<string, number> } {
  const nameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(src|node_modules)\//, "$1/")}:${lineNumber + 1}` : "";
    nameOf.set(node.id, `${functionName || "(anonymous)"} ${where}`.trim());
  }
  const byFunction = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    const ms = at / 1000;
    if (ms < fromMs || ms > toMs) continue;
    const name = nameOf.get(profile.samples[i]!) ?? "?";
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
    total++;
  }
  return { total, byFunction };
}

const [fileA, fromA, toA, fileB, fromB, toB, shown = "40"] = Bun.argv.slice(2);
if (!fileA || !fileB) {
  console.error("usage: bun bench/profile-window.ts A.cpuprofile FROM_MS TO_MS B.cpuprofile FROM_MS TO_MS [top]");
  process.exit(2);
}
const read = async (file: string) => JSON.parse(await readFile(file, "utf8")) as Profile;
const a = windowCounts(await read(fileA), Number(fromA), Number(toA));
const b = windowCounts(await read(fileB), Number(fromB), Number(toB));
console.log(`samples in window: A ${a.total}, B ${b.total} (B/A ${(b.total / Math.max(1, a.total)).toFixed(2)})`);
const names = [...new Set([...a.byFunction.keys(), ...b.byFunction.keys()])];
const rows = names
  .map((name) => ({ name, a: a.byFunction.get(name) ?? 0, b: b.byFunction.get(name) ?? 0 }))
  .sort((x, y) => Math.max(y.a, y.b) - Math.max(x.a, x.b))
  .slice(0, Number(shown));
console.log("     A      B   B-A  function");
for (const row of rows) console.log(`${String(row.a).padStart(6)} ${String(row.b).padStart(6)} ${String(row.b - row.a).padStart(5)}  ${row.name}`);
