import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The folder map is the architecture (README, "Architecture"): these tests hold the code
 * to it, so that a shortcut across it fails here rather than in review.
 */
const root = resolve(import.meta.dir, "..");

interface Module {
  readonly path: string;
  readonly source: string;
  /** Local modules it imports, type-only imports and re-exports too, as paths from the root. */
  readonly imports: readonly string[];
  /** Packages it imports (`hono`, `bun`, `node:net`...). */
  readonly packages: readonly string[];
}

function modules(): Module[] {
  const found: Module[] = [];
  for (const folder of ["src", "views"]) {
    for (const file of readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })) {
      if (!/\.tsx?$/.test(file)) continue;
      const path = join(root, folder, file);
      const source = readFileSync(path, "utf8");
      const specifiers = [
        ...source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms),
        ...source.matchAll(/\b(?:require|import)\(\s*"([^"]+)"\s*\)/g),
      ].map((m) => m[1]!);
      found.push({
        path: relative(root, path),
        source,
        imports: specifiers.filter((s) => s.startsWith(".")).map((s) => relative(root, resolve(dirname(path), s))),
        packages: specifiers.filter((s) => !s.startsWith(".")),
      });
    }
  }
  return found;
}

const all = modules();
const graph = new Map(all.map((m) => [m.path, m.imports]));
const under = (folder: string) => all.filter((m) => m.path.startsWith(folder));

/**
 * One import circle for each knot of modules that import each other (a strongly connected
 * component, by Tarjan's algorithm: linear, where walking every path grew exponentially
 * with the imports), each as a path from its first module back to it.
 */
function circles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const knots: string[][] = [];
  const connect = (module: string) => {
    index.set(module, index.size);
    low.set(module, index.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const next of graph.get(module) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(module, Math.min(low.get(module)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(module, Math.min(low.get(module)!, index.get(next)!));
    }
    if (low.get(module) !== index.get(module)) return;
    const knot: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      knot.push(member);
    } while (member !== module);
    if (knot.length > 1 || graph.get(module)?.includes(module)) knots.push(knot);
  };
  for (const module of graph.keys()) if (!index.has(module)) connect(module);
  return knots.map((knot) => circleIn(new Set(knot), knot[0]!));
}

/** The shortest path from `start` back to it through the modules of `knot`. */
function circleIn(knot: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const module = queue.shift()!;
    for (const next of graph.get(module) ?? []) {
      if (next === start) {
        const path = [start];
        for (let at = module; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (knot.has(next) && !cameFrom.has(next)) {
        cameFrom.set(next, module);
        queue.push(next);
      }
    }
  }
  return [start];
}

const TRANSPORTS = ["src/telnet/", "src/ssh/", "src/web/", "src/irc/", "src/terminal/"];

describe("the folder map", () => {
  test("there is no import circle, not even through a type-only import", () => {
    expect(all.length).toBeGreaterThan(100);
    expect(circles()).toEqual([]);
  });

  test("the chat domain knows no transport, engine, socket, HTTP or HTML", () => {
    const chat = under("src/chat/");
    expect(chat.length).toBeGreaterThan(40);
    for (const module of chat) {
      const outside = module.imports.filter((path) => !path.startsWith("src/chat/") && !path.startsWith("src/stores/"));
      expect({ module: module.path, outside, packages: module.packages }).toEqual({ module: module.path, outside: [], packages: [] });
    }
  });

  test("transports and views reach the chat through its public entry alone, and never each other", () => {
    for (const module of [...TRANSPORTS.flatMap(under), ...under("views/")]) {
      const own = TRANSPORTS.find((folder) => module.path.startsWith(folder));
      const internals = module.imports.filter((path) => path.startsWith("src/chat/") && path !== "src/chat/index.ts");
      const otherTransports = module.imports.filter((path) => TRANSPORTS.some((folder) => folder !== own && path.startsWith(folder)));
      // The terminal folder is what telnet and SSH share: they may use it, it uses neither.
      const allowed = own === "src/telnet/" || own === "src/ssh/" ? otherTransports.filter((p) => !p.startsWith("src/terminal/")) : otherTransports;
      expect({ module: module.path, internals, otherTransports: allowed }).toEqual({ module: module.path, internals: [], otherTransports: [] });
    }
  });

  test("the engines (SQLite, Redis) are chosen by the entry point alone", () => {
    const engines = ["src/sqlite/", "src/redis/"];
    for (const module of all.filter((m) => !m.path.startsWith("src/main/") && !engines.some((e) => m.path.startsWith(e)))) {
      const used = module.imports.filter((path) => engines.some((engine) => path.startsWith(engine)));
      expect({ module: module.path, used }).toEqual({ module: module.path, used: [] });
    }
    const instanceOfEngine = all.filter((m) => !m.path.startsWith("src/main/") && /instanceof\s+(Redis|Sqlite|LocalBackend)/.test(m.source));
    expect(instanceOfEngine.map((m) => m.path)).toEqual([]);
  });

  test("time and timers come from the clock alone", () => {
    const raw = /\bDate\.now\(|\bsetTimeout\(|\bsetInterval\(|\bBun\.sleep\(/;
    const offenders = under("src/").filter((m) => m.path !== "src/chat/clock.ts" && raw.test(m.source.replace(/^\s*(\/\/|\*).*$/gm, "")));
    expect(offenders.map((m) => m.path)).toEqual([]);
  });

  test("no module is over 12 KB", () => {
    const big = all.filter((m) => statSync(join(root, m.path)).size > 12 * 1024).map((m) => `${m.path} (${statSync(join(root, m.path)).size} bytes)`);
    expect(big).toEqual([]);
  });
});
