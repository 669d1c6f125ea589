import { describe, expect, test } from "bun:test";
import { until, useTestWeb } from "./helpers.ts";

const { start, connected, joined } = useTestWeb();

/** Posts a line the way the page's form does, from the view `to`. */
const sayIn = (browser: { post: (path: string, fields: Record<string, string>, headers?: Record<string, string>) => Promise<Response> }, to: string, text: string) =>
  browser.post("/messages", { text, to }, { "HX-Request": "true" });

describe("a tab shows one view (issue 23)", () => {
  test("a member in three rooms: each tab's stream shows its own room's lines once, the others' as activity", async () => {
    start({}, { msgBurst: 100 });
    const alice = await connected("alice");
    for (const room of ["#dev", "#ops"]) expect((await sayIn(alice.browser, "#lobby", `/join ${room}`)).status).toBe(204);
    const bob = await connected("bob");
    for (const room of ["#dev", "#ops"]) await sayIn(bob.browser, "#lobby", `/join ${room}`);
    const after = `?after=${(await alice.browser.get("/r/dev")).status && ""}`;
    expect(after).toBe("?after=");
    const dev = await alice.browser.stream("?view=%23dev");
    const ops = await alice.browser.stream("?view=%23ops");
    for (const [room, text] of [["#dev", "in dev"], ["#ops", "in ops"], ["#lobby", "in lobby"]] as const)
      expect((await sayIn(bob.browser, room, text)).status).toBe(204);
    await dev.waitFor("in lobby");
    await ops.waitFor("in lobby");
    const lines = (stream: typeof dev, text: string) => stream.messages.filter((m) => m.event === undefined && m.data.includes(`>${text}<`));
    const activity = (stream: typeof dev, text: string) => stream.messages.filter((m) => m.event === "activity" && m.data.includes(text));
    expect(lines(dev, "in dev").length).toBe(1);
    expect(lines(dev, "in ops").length).toBe(0);
    expect(lines(dev, "in lobby").length).toBe(0);
    expect(activity(dev, "in ops").length).toBe(1);
    expect(JSON.parse(activity(dev, "in lobby")[0]!.data)).toEqual({ kind: "message", room: "#lobby", from: "bob", text: "in lobby" });
    expect(lines(ops, "in ops").length).toBe(1);
    expect(activity(ops, "in dev").length).toBe(1);
  });

  test("the form's to= sends each line to its own room; a room one is not in is refused; a bad to= is a 400", async () => {
    const running = start();
    const alice = await joined("alice");
    await sayIn(alice, "#lobby", "/join #dev");
    expect((await sayIn(alice, "#lobby", "for the lobby")).status).toBe(204);
    expect((await sayIn(alice, "#dev", "for dev")).status).toBe(204);
    const said = (room: string) => running.chat.recent(running.chat.find("alice")!, 50, undefined, room).filter((e) => e.kind === "message").map((e) => "text" in e && e.text);
    expect(said("#lobby")).toEqual(["for the lobby"]);
    expect(said("#dev")).toEqual(["for dev"]);
    const outside = await sayIn(alice, "#ops", "nope");
    expect(outside.status).toBeGreaterThanOrEqual(400);
    expect(await outside.text()).toContain("not in #ops");
    expect((await sayIn(alice, "lobby", "x")).status).toBe(400);
  });

  test("GET /r/NAME shows that room, and of a room one is not in a Join form; the GET joins nothing, the form does", async () => {
    const running = start();
    const alice = await joined("alice");
    await sayIn(alice, "#lobby", "/join #dev");
    await sayIn(alice, "#dev", "dev talk");
    await sayIn(alice, "#lobby", "lobby talk");
    const dev = await (await alice.get("/r/dev")).text();
    expect(dev).toContain('<h1 id="room">#dev</h1>');
    expect(dev).toContain("dev talk");
    expect(dev).not.toContain("lobby talk");
    expect(dev).toContain('<input type="hidden" name="to" value="#dev"/>');
    expect(dev).toContain("view=%23dev");

    const ops = await alice.get("/r/ops");
    expect(ops.status).toBe(200);
    const opsPage = await ops.text();
    expect(opsPage).toContain('<input type="hidden" name="text" value="/join #ops"/>');
    expect(opsPage).not.toContain("hx-sse:connect");
    expect(running.chat.find("alice")!.isIn("#ops")).toBe(false);
    const join = await alice.post("/messages", { text: "/join #ops" });
    expect(join.status).toBe(303);
    expect(join.headers.get("location")).toBe("/r/ops#latest");
    expect(running.chat.find("alice")!.rooms).toEqual(["#lobby", "#dev", "#ops"]);
    expect((await alice.get("/r/Not%20a%20room")).status).toBe(404);
  });

  test("the side panel lists the member's rooms with their unread counts, which survive a reload once read", async () => {
    start();
    const alice = await joined("alice");
    const bob = await joined("bob");
    await sayIn(alice, "#lobby", "/join #dev");
    await sayIn(bob, "#lobby", "/join #dev");
    await alice.get("/r/lobby");
    await sayIn(bob, "#dev", "one");
    await sayIn(bob, "#dev", "two");
    const page = await (await alice.get("/r/lobby")).text();
    expect(page).toMatch(/<li class="view" data-view="#dev"><a href="\/r\/dev">.*?data-count="2"><span class="unread-count">2<\/span>/);
    expect((await alice.post("/read", { view: "#dev" })).status).toBe(204);
    expect(await (await alice.get("/r/lobby")).text()).toMatch(/data-view="#dev">.*?data-count="0" hidden>/);
  });

  test("GET /r/NAME?after=N answers only the view's lines after N (a tab switching back has the rest); too many, the whole page", async () => {
    start({}, { msgBurst: 100, historyOnJoin: 5 });
    const alice = await joined("alice");
    const bob = await joined("bob");
    await sayIn(alice, "#lobby", "/join #dev");
    await sayIn(bob, "#lobby", "/join #dev");
    await sayIn(bob, "#dev", "held already");
    const held = await (await alice.get("/r/dev")).text();
    const newest = Math.max(...[...held.matchAll(/id="e(\d+)"/g)].map((m) => Number(m[1])));
    await sayIn(bob, "#dev", "said meanwhile");
    await sayIn(bob, "#lobby", "in another room");
    const rest = await (await alice.get(`/r/dev?after=${newest}`)).text();
    expect(rest).toContain(`data-continues="${newest}"`);
    expect(rest).toContain(">said meanwhile<");
    expect(rest).not.toContain(">held already<");
    expect(rest).not.toContain(">in another room<");
    for (let i = 0; i < 6; i++) await sayIn(bob, "#dev", `flood ${i}`);
    const whole = await (await alice.get(`/r/dev?after=${newest}`)).text();
    expect(whole).not.toContain("data-continues");
    expect(whole).toContain(">flood 5<");
    expect((await alice.get("/r/dev?after=nonsense")).status).toBe(200);
  });

  test("a private is never a line in a room's view, and its conversation at /dm/NICK shows it", async () => {
    start();
    const alice = await connected("alice");
    const bob = await joined("bob");
    expect((await sayIn(bob, "#lobby", "/msg alice psst")).status).toBe(204);
    const seen = await alice.stream.waitFor("psst");
    expect(seen.event).toBe("activity");
    expect(await (await alice.browser.get("/r/lobby")).text()).not.toContain("psst");
    const dm = await (await alice.browser.get("/dm/bob")).text();
    expect(dm).toContain('<h1 id="room">@bob</h1>');
    expect(dm).toContain("psst");
    expect(dm).toContain('<input type="hidden" name="to" value="@bob"/>');
    // Older pages of a conversation come from its own history, as a room's do.
    expect(await (await alice.browser.get("/history?view=%40bob&before=999999999")).text()).toContain("psst");
    const conversation = await alice.browser.stream("?view=%40bob");
    expect((await sayIn(alice.browser, "@bob", "hello back")).status).toBe(204);
    const line = await conversation.waitFor("hello back");
    expect(line.event).toBeUndefined();
    await until(() => alice.stream.messages.some((m) => m.event === "activity" && m.data.includes("hello back")), "the lobby tab to count it");
  });
});
