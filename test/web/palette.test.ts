import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { NICK_COLOURS, nickColour } from "../../views/nick.tsx";

const css = readFileSync(new URL("../../public/style.css", import.meta.url), "utf8");

/** The `--name: #hex` custom properties of one block of the stylesheet. */
function variables(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\b/gi)].map(([, name, hex]) => [name!, hex!.toLowerCase()]));
}

const dark = /@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? "";
const light = /^:root\s*\{([^}]*)\}/m.exec(css)?.[1] ?? "";
const themes = { light: variables(light), dark: { ...variables(light), ...variables(dark) } };

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const nicks = Array.from({ length: NICK_COLOURS }, (_, i) => `nick-${i}`);
/** Text colours and the backgrounds each is drawn on (see style.css). */
const PAIRS: [text: string, backgrounds: string[]][] = [
  ["fg", ["bg", "panel", "side", "private", "mention", "notice", "line"]],
  ["muted", ["bg", "panel", "side", "private", "mention", "notice"]],
  // Links in what people wrote sit on every background a line can have.
  ["accent", ["bg", "panel", "private", "mention", "notice"]],
  ["on-accent", ["accent"]],
  ["error", ["bg", "panel"]],
  ...nicks.map((nick): [string, string[]] => [nick, ["bg", "side", "private", "mention"]]),
];

describe("colours", () => {
  for (const [name, theme] of Object.entries(themes)) {
    test(`every text colour passes WCAG AA (4.5:1) on its backgrounds in the ${name} theme`, () => {
      expect(Object.keys(theme).length).toBeGreaterThan(15);
      const failures: string[] = [];
      for (const [text, backgrounds] of PAIRS) {
        for (const background of backgrounds) {
          const [fg, bg] = [theme[text], theme[background]];
          if (!fg || !bg) throw new Error(`--${text} or --${background} is missing from the ${name} theme`);
          const ratio = contrast(fg, bg);
          if (ratio < 4.5) failures.push(`--${text} on --${background}: ${ratio.toFixed(2)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  test("the contrast formula matches known values", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  test("a nickname always gets the same colour, whatever its case, and the colours are spread out", () => {
    expect(nickColour("Alice")).toBe(nickColour("alice"));
    expect(nickColour("alice")).toBe(nickColour("alice"));
    const used = new Set(Array.from({ length: 200 }, (_, i) => nickColour(`user${i}`)));
    expect(used.size).toBe(NICK_COLOURS);
    for (let i = 0; i < NICK_COLOURS; i++) expect(css).toContain(`.nick-c${i} { color: var(--nick-${i}); }`);
  });
});
