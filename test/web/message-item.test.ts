import { describe, expect, test } from "bun:test";
import type { ChatEvent } from "../../src/chat/events.ts";
import { html } from "../../src/web/html.ts";
import { ErrorLine, MessageItem } from "../../views/message-item.tsx";
import { useTestWeb } from "./helpers.ts";

const scene = useTestWeb();
const at = Date.UTC(2026, 2, 12, 9, 5);
const party = { id: "p", room: "#lobby" };

/** One event of every kind. */
const EVENTS: ChatEvent[] = [
  { kind: "message", id: 1, at, room: "#lobby", from: "carol", text: "hi" },
  { kind: "action", id: 2, at, room: "#lobby", from: "carol", text: "waves" },
  { kind: "private", id: 3, at, from: "carol", to: "alice", text: "psst", sender: party, recipient: party },
  { kind: "join", id: 4, at, room: "#lobby", nick: "carol", transport: "telnet" },
  { kind: "leave", id: 5, at, room: "#lobby", nick: "carol", reason: "quit" },
  { kind: "rename", id: 6, at, room: "#lobby", from: "carol", to: "caro" },
  { kind: "notice", id: 7, at, text: "Maintenance at noon" },
  { kind: "system", at, text: "3 in #lobby" },
  { kind: "system", at, text: "Unknown command", error: true },
];

describe("a line of the conversation", () => {
  test("every kind of line is its time first, then everything else in one content column", () => {
    for (const event of EVENTS) {
      const line = html(MessageItem({ event }));
      expect({ kind: event.kind, line }).toEqual({
        kind: event.kind,
        line: expect.stringMatching(/^<li [^>]*><time datetime="2026-03-12T09:05:00.000Z">09:05<\/time> <span class="content">.*<\/span><\/li>$/),
      });
    }
    // A refusal has no time; its text still sits in the content column.
    expect(html(ErrorLine({ text: "Too fast", rejoin: false }))).toBe(
      '<li class="event system error"><span class="content"><span class="text">Too fast</span></span></li>',
    );
  });

  test("a table in an answer (/help) is a definition list on the page, escaped, with the lines around it kept as text", () => {
    // Issue 22: /help was a space-padded table that wrapped into ragged columns on a phone.
    const text = ["Commands:", "  /help [command]  List the commands.", "  /msg NICK TEXT...  Send a <b>private</b> message.", "Anything else is sent to the room."].join("\n");
    const line = html(MessageItem({ event: { kind: "system", at, text } }));
    expect(line).toContain(
      '<span class="text">Commands:<dl class="table"><dt>/help [command]</dt><dd>List the commands.</dd><dt>/msg NICK TEXT...</dt><dd>Send a &lt;b&gt;private&lt;/b&gt; message.</dd></dl>Anything else is sent to the room.</span>',
    );
    // An answer with no such table is the text as it was.
    expect(html(MessageItem({ event: { kind: "system", at, text: "3 in #lobby:\n  alice  bob" } }))).toContain('<span class="text">3 in #lobby:\n  alice  bob</span>');
  });

  test("web addresses in messages, actions, privates and notices are links; answers to commands stay text", () => {
    const url = "https://example.com/?a=1&b=2";
    const linked = '<a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer nofollow" target="_blank">';
    for (const event of EVENTS) {
      const line = html(MessageItem({ event: { ...event, text: `see ${url}.` } as ChatEvent }));
      const expected = ["message", "action", "private", "notice"].includes(event.kind);
      expect({ kind: event.kind, linked: line.includes(linked) }).toEqual({ kind: event.kind, linked: expected });
    }
  });
});

describe("links, as the server sends them", () => {
  test("a message with an address reaches the stream and the page without JavaScript as a link; javascript: and data: stay text", async () => {
    scene.start();
    const { browser: alice, stream } = await scene.connected("alice");
    const bob = await scene.joined("bob");
    expect((await bob.say("read https://example.com/docs?a=1&b=2.")).status).toBe(204);
    expect((await bob.say(`javascript:alert(1) data:text/html,<script>alert(2)</script> http://x" onmouseover="alert(3)`)).status).toBe(204);

    const link = '<a href="https://example.com/docs?a=1&amp;b=2" rel="noopener noreferrer nofollow" target="_blank">https://example.com/docs?a=1&amp;b=2</a>.';
    expect((await stream.waitFor("example.com")).data).toContain(`read ${link}`);
    const nasty = (await stream.waitFor("alert(1)")).data;
    expect(nasty).toContain(
      'javascript:alert(1) data:text/html,&lt;script&gt;alert(2)&lt;/script&gt; <a href="http://x" rel="noopener noreferrer nofollow" target="_blank">http://x</a>&quot; onmouseover=&quot;alert(3)',
    );

    const page = await (await alice.get("/")).text();
    expect(page).toContain(`read ${link}`);
    for (const markup of [page, nasty]) {
      expect(markup).not.toMatch(/href="(?!https?:\/\/|\/)/i);
      expect(markup).not.toMatch(/<[^>]+\sonmouseover=/i);
      expect(markup).not.toContain("<script>alert");
    }
  });
});

describe("the member list", () => {
  test("lists the first hundred members and counts the rest", async () => {
    const { MemberList } = await import("../../views/member-list.tsx");
    const { html } = await import("../../src/web/html.ts");
    const members = Array.from({ length: 150 }, (_, i) => ({ nick: `m${String(i).padStart(3, "0")}`, transport: "telnet" as const }));
    const listed = html(MemberList({ members }) as string);
    expect(listed.match(/<li class="member member-telnet"/g)).toHaveLength(100);
    expect(listed).toContain("and 50 more (/who lists everyone)");
    expect(html(MemberList({ members: members.slice(0, 100) }) as string)).not.toContain("more");
  });
});
