import { describe, expect, test } from "bun:test";
import { useTestWeb } from "./helpers.ts";

const { start, joined, connected } = useTestWeb();

describe("answers to POST /messages tell the truth", () => {
  test("30 quick posts with a burst of 10: exactly the stored ones get 2xx, every other one 429 with the reason", async () => {
    const running = start({}, { msgBurst: 10, msgRate: 1 });
    const alice = await joined("alice");
    const answers = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const response = await alice.say(`quick ${i}`);
        return { status: response.status, body: await response.text() };
      }),
    );
    const accepted = answers.filter((a) => a.status >= 200 && a.status < 300);
    const refused = answers.filter((a) => !(a.status >= 200 && a.status < 300));
    expect(running.chat.stats.messages).toBeGreaterThanOrEqual(10);
    expect(accepted.length).toBe(running.chat.stats.messages);
    expect(refused.length).toBe(30 - running.chat.stats.messages);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(answer.body).toStartWith('<li class="event system error">');
      expect(answer.body).toContain("Slow down: at most 1 messages per second.");
    }
  });

  test("without JavaScript the same holds: 303 for the stored ones, 429 and a page with the reason for the others", async () => {
    const running = start({}, { msgBurst: 3, msgRate: 1 });
    const alice = await joined("alice");
    const answers = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const response = await alice.post("/messages", { text: `plain ${i}` });
        return { status: response.status, body: await response.text() };
      }),
    );
    const redirected = answers.filter((a) => a.status === 303);
    expect(redirected.length).toBe(running.chat.stats.messages);
    const refused = answers.filter((a) => a.status !== 303);
    expect(refused.length).toBe(8 - running.chat.stats.messages);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(answer.body).toStartWith("<!doctype html>");
      expect(answer.body).toContain("Slow down");
    }
  });

  test("each kind of refusal has its own status and is not delivered; a command that works is still 204 with its answer on the stream", async () => {
    const running = start({}, { maxLine: 20 });
    const alice = await connected("alice");
    const cases: [string, number, string][] = [
      ["x".repeat(21), 413, "Message too long (21 bytes; the limit is 20)."],
      ["/frobnicate", 400, "Unknown command /frobnicate."],
      ["/msg", 400, "Usage: /msg"],
      ["/msg nobody hi", 404, "No one called nobody is here."],
      ["/join #no!where", 400, "#no!where is not a room name"],
      ["/part", 400, "/quit leaves the chat."],
    ];
    for (const [text, status, reason] of cases) {
      const response = await alice.browser.say(text);
      expect({ text, status: response.status }).toEqual({ text, status });
      expect(await response.text()).toContain(reason);
    }
    expect(running.chat.stats.messages).toBe(0);
    expect((await alice.browser.say("/who")).status).toBe(204);
    await alice.stream.waitFor("1 in #lobby");
    // Something sent afterwards arrives; the refusals never came over the stream.
    expect((await alice.browser.say("fine")).status).toBe(204);
    await alice.stream.waitFor("fine");
    expect(alice.stream.raw).not.toContain("frobnicate");
    expect(alice.stream.raw).not.toContain("xxxxxxxxxxxxxxxxxxxxx");
  });

  test("without JavaScript a refused message comes back with its reason and the typed text still in the box", async () => {
    start({}, { maxLine: 20 });
    const alice = await joined("alice");
    const typed = 'a "quoted" <b>line</b> & more';
    const response = await alice.post("/messages", { text: typed });
    expect(response.status).toBe(413);
    const page = await response.text();
    expect(page).toContain("Message too long");
    const input = /<input id="text"[^>]*>/.exec(page)?.[0] ?? "";
    expect(input).toContain('value="a &quot;quoted&quot; &lt;b&gt;line&lt;/b&gt; &amp; more"');
    expect(input).toContain('aria-describedby="refusal"');
    expect(page).toMatch(/<p id="refusal"[^>]*role="alert"[^>]*>Message too long/);
    // The refusal belongs to that answer: the next page shows an empty box and no error.
    const next = await (await alice.get("/")).text();
    expect(next).not.toContain("Message too long");
    expect(/<input id="text"[^>]*>/.exec(next)?.[0]).not.toContain("value=");
  });
});
