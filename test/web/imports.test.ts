import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dir, "../..");

/** Every module under src/ and views/, with the local modules it imports (type-only imports too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of ["src", "views"]) {
    for (const file of readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })) {
      if (!/\.tsx?$/.test(file)) continue;
      const path = join(root, folder, file);
      const source = readFileSync(path, "utf8");
      const targets = [...source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"/gms)].map((m) =>
        relative(root, resolve(dirname(path), m[1]!)),
      );
      graph.set(relative(root, path), targets);
    }
  }
  return graph;
}

/** The import circles that go through `file`, as paths from it back to it. */
function circlesThrough(graph: Map<string, string[]>, file: string): string[][] {
  const circles: string[][] = [];
  const walk = (path: string[]) => {
    for (const next of graph.get(path.at(-1)!) ?? []) {
      if (next === file) circles.push([...path, next]);
      else if (!path.includes(next)) walk([...path, next]);
    }
  };
  walk([file]);
  return circles;
}

describe("module structure", () => {
  test("no web module imports one that imports it back, not even for types", () => {
    const graph = importGraph();
    const web = [...graph.keys()].filter((f) => f.startsWith("src/web/"));
    expect(web.length).toBeGreaterThan(5);
    for (const file of web) expect({ file, circles: circlesThrough(graph, file) }).toEqual({ file, circles: [] });
  });
});
