import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { useServerProcesses } from "../helpers/server-process.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

const servers = useServerProcesses();

/** The same browser (its cookie) pointed at a server started again on other ports. */
function sameBrowserAt(browser: TestBrowser, httpUrl: string): TestBrowser {
  const moved = new TestBrowser(new URL(httpUrl).origin);
  moved.cookie = browser.cookie;
  return moved;
}

describe("web sessions outlive a restart (local mode)", () => {
  test("after stop and a start, an open page carries on as the same member, in its room, caught up; one that left stays out", async () => {
    const db = join(servers.tempDir(), "switchboard.sqlite");
    const first = await servers.start(["--db", db]);
    const origin = new URL(first.httpUrl).origin;

    const wendy = new TestBrowser(origin);
    expect((await wendy.join("wendy")).status).toBe(303);
    const leaver = new TestBrowser(origin);
    expect((await leaver.join("lenny")).status).toBe(303);
    const tom = await TestClient.joinAs(first.telnetPort, "tom");
    tom.line("/join #dev");
    await tom.waitFor(/tom joined #dev/);
    const stream = await wendy.stream();
    expect((await wendy.say("/join #dev")).status).toBe(204);
    await tom.waitFor(/wendy joined #dev/);
    expect((await wendy.say("/msg tom kept between us")).status).toBe(204);
    tom.line("said before the restart");
    const seen = await stream.waitFor("said before the restart");
    expect((await leaver.post("/leave", {})).status).toBe(303);

    first.type("stop");
    expect(await first.exited).toBe(0);
    await stream.waitForEnd();
    expect(stream.raw).toContain("shutting down");
    // No "bye": the page goes on trying to reconnect.
    expect(stream.messages.some((m) => m.event === "bye")).toBe(false);

    const second = await servers.start(["--db", db]);
    const back = sameBrowserAt(wendy, second.httpUrl);
    const resumed = await back.stream("?after=0", { "Last-Event-ID": seen.id! });
    await resumed.waitFor("members");
    // The log is written at the end of the server's turn: read it once it has come through.
    await second.waitForOutput(/web join wendy from 127\.0\.0\.1 \(session restored\)/);
    // Caught up exactly: nothing from before the cursor again.
    expect(resumed.raw).not.toContain("said before the restart");

    const tom2 = await TestClient.joinAs(second.telnetPort, "tom");
    tom2.line("/join #dev");
    await tom2.waitFor(/tom joined #dev/);
    expect((await back.say("still me after the restart")).status).toBe(204);
    await tom2.waitFor(/<wendy> still me after the restart/);
    await resumed.waitFor("still me after the restart");
    const page = await (await back.get("/")).text();
    expect(page).toContain('<strong id="me">wendy</strong>');
    expect(page).toContain("#dev");
    // Her own private message is still hers: in no room, but her conversation with tom is listed.
    expect(page).not.toContain("kept between us");
    expect(page).toContain('href="/dm/tom"');

    const gone = sameBrowserAt(leaver, second.httpUrl);
    expect((await gone.get("/events")).status).toBe(401);
  });
});

describe("a kept guest session comes back in all its rooms", () => {
  test("after a restart, in the same rooms in the same order, with what it had not read still unread", async () => {
    const db = join(servers.tempDir(), "switchboard.sqlite");
    const first = await servers.start(["--db", db]);
    const wendy = new TestBrowser(new URL(first.httpUrl).origin);
    expect((await wendy.join("wendy")).status).toBe(303);
    for (const room of ["#dev", "#ops"]) expect((await wendy.say(`/join ${room}`)).status).toBe(204);
    const tom = await TestClient.joinAs(first.telnetPort, "tom");
    tom.line("/join #dev");
    await tom.waitFor(/tom joined #dev/);
    tom.line("unread by wendy");
    tom.line("/msg wendy one private");
    tom.line("/msg wendy and another");
    // Answered after the lines before it went out.
    tom.line("/who");
    await tom.waitFor(/in #dev/);
    first.type("stop");
    expect(await first.exited).toBe(0);

    const second = await servers.start(["--db", db]);
    const back = sameBrowserAt(wendy, second.httpUrl);
    const page = await (await back.get("/r/ops")).text();
    const mine = page.slice(page.indexOf('id="my-rooms"'), page.indexOf('id="conversations"'));
    expect([...mine.matchAll(/data-view="(#[a-z]+)"/g)].map((m) => m[1])).toEqual(["#lobby", "#dev", "#ops"]);
    expect(mine).toMatch(/data-view="#dev">[^]*?<span class="unread-count">1<\/span>/);
    // Its conversations too, with what it had not read there.
    const conversations = page.slice(page.indexOf('id="conversations"'), page.indexOf('id="rooms-heading"'));
    expect(conversations).toMatch(/data-view="@tom">[^]*?<span class="unread-count">2<\/span>/);
    // Read once shown, and so after the next restart.
    expect((await back.get("/dm/tom")).status).toBe(200);
    second.type("stop");
    expect(await second.exited).toBe(0);
    const third = await servers.start(["--db", db]);
    const again = await (await sameBrowserAt(wendy, third.httpUrl).get("/r/ops")).text();
    expect(again.slice(again.indexOf('id="conversations"'), again.indexOf('id="rooms-heading"'))).toMatch(/data-view="@tom">[^]*?data-count="0"/);
  });
});

describe("a kept session owns only what it proved", () => {
  test("a guest's page does not come back as the owner of its nickname registered while it was away; the owner's does", async () => {
    const db = join(servers.tempDir(), "switchboard.sqlite");
    const first = await servers.start(["--db", db]);
    const mallory = new TestBrowser(new URL(first.httpUrl).origin);
    expect((await mallory.join("bob")).status).toBe(303);
    const carol = new TestBrowser(new URL(first.httpUrl).origin);
    expect((await carol.join("carol")).status).toBe(303);
    expect((await carol.say("/register carolsecret1")).status).toBe(204);
    first.type("stop");
    expect(await first.exited).toBe(0);

    const second = await servers.start(["--db", db]);
    const bob = await TestClient.joinAs(second.telnetPort, "bob");
    bob.line("/register bobsecret123");
    await bob.waitFor(/registered/i);
    bob.line("/quit");
    await bob.closed;

    const back = sameBrowserAt(mallory, second.httpUrl);
    expect((await back.get("/events")).status).toBe(401);
    const page = await (await back.get("/")).text();
    expect(page).not.toContain('<strong id="me">bob</strong>');
    await second.waitForOutput(/web session of bob not restored: bob is registered now/);
    // And not later either: the session is over for good.
    expect((await back.get("/events")).status).toBe(401);

    const carolBack = sameBrowserAt(carol, second.httpUrl);
    const carolPage = await (await carolBack.get("/")).text();
    expect(carolPage).toContain('<strong id="me">carol</strong>');
  });
});
