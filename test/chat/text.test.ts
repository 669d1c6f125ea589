import { describe, expect, test } from "bun:test";
import { cleanText } from "../../src/chat/text.ts";

/** Every code point Unicode calls default-ignorable, and the others named by the attack round. */
function invisibles(): number[] {
  const found: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (/\p{Default_Ignorable_Code_Point}/u.test(String.fromCodePoint(cp))) found.push(cp);
  }
  return [...found, 0x2800, 0xfff9, 0xfffa, 0xfffb];
}

describe("the text cleaning", () => {
  test("no character that shows nothing survives between two letters, but the non-joiner scripts need", () => {
    const all = invisibles();
    expect(all.length).toBeGreaterThan(4000);
    const survivors = all.filter((cp) => cleanText(`a${String.fromCodePoint(cp)}b`) !== "ab").map((cp) => cp.toString(16));
    // U+FE0E and U+FE0F after a letter choose its presentation (text or emoji): they stay.
    expect(survivors).toEqual(["200c", "fe0e", "fe0f"]);
  });

  test("tag characters and the blank Braille pattern are gone; emoji sequences and flags stay whole", () => {
    expect(cleanText("hi\u{E0001}\u{E0068}\u{E0069} there\u2800")).toBe("hi there");
    expect(cleanText("\u2800\u2800")).toBe("");
    const england = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
    expect(cleanText(`go ${england}!`)).toBe(`go ${england}!`);
    expect(cleanText("family 👨‍👩‍👧 ❤️ 1️⃣")).toBe("family 👨‍👩‍👧 ❤️ 1️⃣");
    expect(cleanText("\uFE0Fstray")).toBe("stray");
    expect(cleanText("فارسی\u200Cها")).toBe("فارسی\u200Cها");
  });
});
