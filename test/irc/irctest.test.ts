import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * irctest, the IRC servers' conformance suite (vendored in test/irc/irctest, see its
 * VENDORED.md), run with Debian's pytest against a real Switchboard per test case,
 * started by test/irc/controller/switchboard.py. Every target test in target-tests.txt
 * must pass but those in skipped-tests.txt, each of which says why it is skipped.
 * SWITCHBOARD_ROOT runs it against another checkout's server.
 */
const here = import.meta.dir;
const root = resolve(here, "../..");
const suite = join(here, "irctest");
const PYTHON = "/usr/bin/python3";
/** The bar: at least 98 of the 103 targets are run (and so must pass). */
const MIN_ATTEMPTED = 98;
/** One server start and a few exchanges per test, 2 at a time: about a minute on 2 cores. */
const RUN_MS = 150_000;

/** The ids in a list file: one per line, `#` lines are comments, ` # reason` ends a line. */
function readList(file: string): { id: string; reason: string }[] {
  return readFileSync(join(here, file), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      // Ids hold spaces ("testNoTags[whole-no colon]"), so only " # " ends one.
      const at = line.indexOf(" #");
      return at === -1 ? { id: line, reason: "" } : { id: line.slice(0, at).trim(), reason: line.slice(at + 2).trim() };
    });
}

const targets = readList("target-tests.txt").map((t) => t.id);
const skipped = readList("skipped-tests.txt");

/** How JUnit XML names a node id: `a/b.py::Case::test[x]` is classname `a.b.Case`, name `test[x]`. */
function junitKey(id: string): string {
  const [path, cls, name] = id.split("::");
  return `${path!.replace(/\.py$/, "").replaceAll("/", ".")}.${cls}::${name}`;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&amp;", "&");
}

type Outcome = { status: "passed" } | { status: "failure" | "error" | "skipped"; line: string };

/** Each test case's outcome in pytest's JUnit XML, by `junitKey`; a teardown error after a pass is an error. */
function parseJunit(xml: string): Map<string, Outcome> {
  const outcomes = new Map<string, Outcome>();
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attr = (name: string) => unescapeXml(new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!)?.[1] ?? "");
    const key = `${attr("classname")}::${attr("name")}`;
    const problem = /<(failure|error|skipped)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/.exec(m[2] ?? "");
    if (!problem) {
      if (!outcomes.has(key)) outcomes.set(key, { status: "passed" });
      continue;
    }
    const message = unescapeXml(/\bmessage="([^"]*)"/.exec(problem[2]!)?.[1] ?? "");
    const body = unescapeXml(problem[3] ?? "");
    // The message's first line, or the traceback's first `E ` line when pytest gave none;
    // a bare "AssertionError" (or ": None") says nothing, so the next line comes with it.
    const said = [...message.split("\n"), ...body.split("\n").filter((l) => l.startsWith("E "))]
      .map((l) => l.replace(/^E\s+/, "").trim())
      .filter(Boolean);
    const first = said[0] ?? body.split("\n").find((l) => l.trim()) ?? "(no message)";
    const line = /^AssertionError(: None)?$/.test(first) && said[1] ? `${first} (${said.find((l) => l !== first) ?? ""})` : first;
    // Runs of one character (irctest's 500-byte "aaaa…" payloads) shown by their length.
    const short = line.trim().replace(/(.)\1{19,}/g, (run, c: string) => `${c}×${run.length}`);
    outcomes.set(key, { status: problem[1] as "failure" | "error" | "skipped", line: short.slice(0, 400) });
  }
  return outcomes;
}

/** Runs pytest on `ids` and returns its JUnit XML and everything it printed; kills its whole process group after `ms`. */
async function runPytest(ids: string[], ms: number): Promise<{ xml: string; log: string; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-irctest-"));
  const report = join(dir, "junit.xml");
  try {
    const proc = Bun.spawn(
      [PYTHON, "-m", "pytest", "-p", "no:cacheprovider", "--controller", "switchboard", "-n", "2", "--timeout", "20", `--junitxml=${report}`, "-q", ...ids],
      {
        cwd: suite,
        env: {
          ...process.env,
          PYTHONPATH: join(here, "controller"),
          // Keep the vendored tree clean of __pycache__ folders.
          PYTHONDONTWRITEBYTECODE: "1",
          // The Bun running this test runs the servers too, whatever PATH holds.
          SWITCHBOARD_BUN: process.execPath,
          SWITCHBOARD_ROOT: process.env.SWITCHBOARD_ROOT ?? root,
        },
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        // Its own process group (xdist workers and the servers they start included),
        // so that a timeout can kill all of it at once.
        detached: true,
      },
    );
    const group = -proc.pid;
    const signal = (sig: "SIGINT" | "SIGKILL") => {
      try {
        process.kill(group, sig);
      } catch {
        // already gone
      }
    };
    // SIGINT first: pytest stops its workers, and their tearDowns stop the servers.
    const interrupt = setTimeout(() => signal("SIGINT"), ms);
    const kill = setTimeout(() => signal("SIGKILL"), ms + 5_000);
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    clearTimeout(interrupt);
    clearTimeout(kill);
    signal("SIGKILL"); // a straggler a worker left behind
    let xml = "";
    try {
      xml = readFileSync(report, "utf8");
    } catch {
      // no report: pytest did not get as far as running tests; the log says why
    }
    return { xml, log: out + err, code: proc.signalCode ? null : code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("irctest against the IRC listener", () => {
  test("each skipped test is a target, once, with a reason", () => {
    const targetSet = new Set(targets);
    expect(skipped.filter((s) => !targetSet.has(s.id)).map((s) => s.id)).toEqual([]);
    expect(skipped.filter((s) => !s.reason).map((s) => s.id)).toEqual([]);
    expect(skipped.length).toBe(new Set(skipped.map((s) => s.id)).size);
    expect(targets.length).toBe(targetSet.size);
  });

  test(
    `at least ${MIN_ATTEMPTED} target tests are run, and every one run passes`,
    async () => {
      const skip = new Set(skipped.map((s) => s.id));
      const ids = targets.filter((id) => !skip.has(id));
      expect(ids.length).toBeGreaterThanOrEqual(MIN_ATTEMPTED);

      const started = performance.now();
      const { xml, log, code } = await runPytest(ids, RUN_MS);
      const outcomes = parseJunit(xml);
      const failing = ids.flatMap((id) => {
        const outcome = outcomes.get(junitKey(id));
        if (!outcome) return [`${id} — not run`];
        // A skip is no pass: irctest skips when the server lacks what the test needs.
        return outcome.status === "passed" ? [] : [`${id} — ${outcome.status}: ${outcome.line}`];
      });
      const attempted = ids.filter((id) => outcomes.has(junitKey(id))).length;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (failing.length || attempted < MIN_ATTEMPTED) {
        // The whole pytest output, for the tracebacks the one-line list leaves out.
        const kept = join(tmpdir(), `switchboard-irctest-${process.pid}.log`);
        writeFileSync(kept, log);
        console.error(`irctest: ${ids.length - failing.length}/${ids.length} passed in ${seconds}s (pytest exit ${code}); full output in ${kept}`);
        if (!xml) console.error(log.slice(-3000));
      }
      expect(failing).toEqual([]);
      expect(attempted).toBeGreaterThanOrEqual(MIN_ATTEMPTED);
      expect(code).toBe(0);
    },
    RUN_MS + 15_000,
  );
});
