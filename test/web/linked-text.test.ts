import { describe, expect, test } from "bun:test";
import { LinkedText, textPieces } from "../../views/linked-text.tsx";
import { html } from "../../src/web/html.ts";

const render = (text: string) => html(LinkedText({ text }));
const link = (url: string, label = url) =>
  `<a href="${url}" rel="noopener noreferrer nofollow" target="_blank">${label}</a>`;

/** What an HTML parser makes of `markup`: every element with its attributes, and the text. */
async function parse(markup: string): Promise<{ elements: { tag: string; attributes: [string, string][] }[]; text: string }> {
  const elements: { tag: string; attributes: [string, string][] }[] = [];
  let text = "";
  const rewriter = new HTMLRewriter()
    .on("*", { element: (el) => void elements.push({ tag: el.tagName, attributes: [...el.attributes] }) })
    .onDocument({ text: (chunk) => void (text += chunk.text) });
  await rewriter.transform(new Response(`<p>${markup}</p>`)).text();
  return { elements: elements.slice(1), text };
}

/** Undoes HTML escaping, to compare what a reader sees with what was typed. */
const unescape = (s: string) =>
  s.replace(/&(#x27|#39|quot|lt|gt|amp);/g, (_, name: string) => ({ "#x27": "'", "#39": "'", quot: '"', lt: "<", gt: ">", amp: "&" })[name]!);

describe("web addresses in message text", () => {
  test("text without an address is only escaped", () => {
    expect(render(`a < b & "c" 'd'`)).toBe("a &lt; b &amp; &quot;c&quot; &#x27;d&#x27;");
    expect(render("")).toBe("");
  });

  test("http and https addresses become links that open in a new tab, escaped in the attribute and the text", () => {
    expect(render("see https://example.com/a?b=1&c=2 now")).toBe(
      `see ${link("https://example.com/a?b=1&amp;c=2")} now`,
    );
    expect(render("HTTP://EXAMPLE.COM")).toBe(link("HTTP://EXAMPLE.COM"));
    expect(render("http://localhost:3000/")).toBe(link("http://localhost:3000/"));
    expect(render("http://[::1]:8080/x")).toBe(link("http://[::1]:8080/x"));
    expect(render("two: http://a.org and https://b.org/c#d")).toBe(`two: ${link("http://a.org")} and ${link("https://b.org/c#d")}`);
  });

  test("punctuation that ends a sentence or a bracket is not part of the address", () => {
    expect(render("(see http://x.org/a).")).toBe(`(see ${link("http://x.org/a")}).`);
    expect(render("http://x.org, http://y.org; http://z.org! http://w.org?")).toBe(
      `${link("http://x.org")}, ${link("http://y.org")}; ${link("http://z.org")}! ${link("http://w.org")}?`,
    );
    expect(render("'http://x.org/a'")).toBe(`&#x27;${link("http://x.org/a")}&#x27;`);
    expect(render("[http://x.org/a]")).toBe(`[${link("http://x.org/a")}]`);
    // Brackets that belong to the address stay in it.
    expect(render("https://en.wikipedia.org/wiki/Bun_(software).")).toBe(`${link("https://en.wikipedia.org/wiki/Bun_(software)")}.`);
  });

  test("quotes and angle brackets end an address and never get into the markup", async () => {
    expect(render(`http://x" onmouseover="alert(1)`)).toBe(`${link("http://x")}&quot; onmouseover=&quot;alert(1)`);
    expect(render(`<http://x.org>`)).toBe(`&lt;${link("http://x.org")}&gt;`);
    expect(render("http://x.org/<script>alert(1)</script>")).toBe(`${link("http://x.org/")}&lt;script&gt;alert(1)&lt;/script&gt;`);
    // A single quote may be in an address; escaped, it cannot end the attribute.
    expect(render("http://x.org/'onmouseover='alert(1)")).toBe(link("http://x.org/&#x27;onmouseover=&#x27;alert(1)"));
    // Already-escaped-looking text is escaped again: it reads as typed.
    expect(render("http://x.org/a&lt;b")).toBe(link("http://x.org/a&amp;lt;b"));

    for (const nasty of [`http://x" onmouseover=alert(1) x="`, "http://x.org/'onmouseover='alert(1)", `http://x.org/\`onmouseover=alert(1)\``]) {
      const { elements } = await parse(render(nasty));
      expect(elements).toHaveLength(1);
      expect(elements[0]!.tag).toBe("a");
      expect(elements[0]!.attributes.map(([name]) => name)).toEqual(["href", "rel", "target"]);
    }
  });

  test("no other scheme is ever linked: javascript:, data:, vbscript:, file:, or an address with a user name", async () => {
    for (const text of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(document.cookie)",
      "javascript://x.org/%0aalert(1)",
      "data:text/html,<script>alert(1)</script>",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "ftp://x.org/",
      "http://user:secret@evil.example/",
      "http://good.example@evil.example/",
      "https://",
      "http://",
      "http://-x-.org",
      "http://x..org",
      "xhttp://x.org",
      "ahttps://x.org",
    ]) {
      const markup = render(text);
      expect({ text, markup }).toEqual({ text, markup: Bun.escapeHTML(text).replaceAll("&#039;", "&#x27;") });
      expect((await parse(markup)).elements).toEqual([]);
    }
    // An address glued after another scheme is linked only from its own http://.
    expect(render("javascript:http://x.org")).toBe(`javascript:${link("http://x.org")}`);
  });

  test("an address stops at controls and bidi overrides that could disguise where it goes", () => {
    expect(render("http://x.org/\u202Egpj.exe")).toBe(`${link("http://x.org/")}\u202Egpj.exe`);
    expect(render("http://x.org/a\u0007b")).toBe(`${link("http://x.org/a")}\u0007b`);
    expect(render("http://x.org/a\u200Bb")).toBe(`${link("http://x.org/a")}\u200Bb`);
  });

  test("the pieces put back together are the text, and what a reader sees is what was typed", async () => {
    const samples = [
      "plain",
      "(http://a.org/b_(c)), and https://d.org?e=f&g=h.",
      `<b>"http://x"</b> 'https://y.org/'`,
      "http://x.org/\u202Eevil http://ok.org",
      "https://例え.テスト/パス",
      "café http://café.fr/menu?plat=crêpe",
    ];
    for (const text of samples) {
      expect(textPieces(text).map((piece) => piece.text).join("")).toBe(text);
      expect(unescape((await parse(render(text))).text)).toBe(text);
    }
    expect(textPieces("https://例え.テスト/パス")).toEqual([{ text: "https://例え.テスト/パス", link: true }]);
  });
});
