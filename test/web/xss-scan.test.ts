import { expect, test } from "bun:test";
import { Glob } from "bun";

const root = new URL("../../", import.meta.url).pathname;

/** Every TSX file of the web transport: the views and the frames pushed over SSE. */
function tsxFiles(): string[] {
  return ["views/**/*.tsx", "src/web/**/*.tsx"].flatMap((pattern) => [...new Glob(pattern).scanSync({ cwd: root })]).sort();
}

test("xss-scan finds no unescaped user string in views/ and src/web/", async () => {
  const files = tsxFiles();
  expect(files.length).toBeGreaterThanOrEqual(6);
  const scan = Bun.spawn([process.execPath, "x", "xss-scan", ...files], { cwd: root, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(scan.stdout).text(),
    new Response(scan.stderr).text(),
    scan.exited,
  ]);
  const output = stdout + stderr;
  // Its exit code alone is not enough (a crash can exit 0): read what it says.
  expect(output).toContain(`No XSS vulnerabilities found in ${files.length} files`);
  expect(output).not.toMatch(/error|warning/i);
  expect(code).toBe(0);
});
