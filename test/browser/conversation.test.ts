import { describe, expect, test } from "bun:test";
import { SLOW, hasChromium, until, useBrowserScene, waitForLine, type WebUser } from "./harness.ts";

const scene = useBrowserScene();
const { web, terminal } = scene;

describe.skipIf(!hasChromium)("a conversation in real browsers and a terminal", () => {
  test("messages flow between two pages and a TCP client, and the member list marks who is on telnet", async () => {
    scene.start();
    const alice = await web("alice");
    const bob = await web("bob");
    const carol = await terminal("carol");

    await alice.send("hello from alice");
    await waitForLine(bob.page, "hello from alice");
    await waitForLine(alice.page, "hello from alice");
    await carol.waitFor(/hello from alice/);

    await bob.send("hello from bob");
    await waitForLine(alice.page, "hello from bob");
    await carol.waitFor(/hello from bob/);

    carol.line("hello from carol");
    await waitForLine(alice.page, "hello from carol");
    await waitForLine(bob.page, "hello from carol");

    await alice.page.waitForSelector("#members li.member-telnet:has-text('carol')");
    expect(await alice.page.textContent("#members li.member-telnet .transport")).toBe("telnet");
    expect(await alice.page.$$eval("#members li.member-web .nick", (nicks) => nicks.map((n) => n.textContent))).toEqual(["alice", "bob"]);
    // Nicknames keep one colour across pages and lists (a class, since the CSP allows no inline styles).
    const colourOf = (user: WebUser, selector: string) => user.page.$eval(selector, (el) => getComputedStyle(el).color);
    expect(await colourOf(alice, "#members li.member-telnet .nick")).toBe(await colourOf(bob, "#messages li[data-from=carol] .nick"));
    expect(await alice.page.$$("[style]")).toEqual([]);

    // A join inserts just that entry where it sorts; a leave removes just that entry.
    const names = () => alice.page.$$eval("#members .nick", (nicks) => nicks.map((n) => n.textContent));
    const aaron = await terminal("aaron");
    await alice.page.waitForSelector("#members li:has-text('aaron')");
    expect(await names()).toEqual(["aaron", "alice", "bob", "carol"]);
    aaron.line("/quit");
    await alice.page.waitForSelector("#members li:has-text('aaron')", { state: "detached" });
    expect(await names()).toEqual(["alice", "bob", "carol"]);
  }, SLOW);

  test("HTML in a message is shown as text and never becomes markup", async () => {
    scene.start();
    const alice = await web("alice");
    const bob = await web("bob");
    const nasty = `<b>bold</b> & <img src=x onerror=alert(1)> <script>alert(2)</script>`;
    await alice.send(nasty);
    await waitForLine(bob.page, "<b>bold</b>");
    await waitForLine(alice.page, "<b>bold</b>");
    for (const user of [alice, bob]) {
      expect(await user.lines()).toContain(nasty);
      expect(await user.page.$$("#messages b, #messages img, #messages script")).toEqual([]);
    }
  }, SLOW);

  test("a nickname made of HTML is refused with the reason and the form shows it as text", async () => {
    const server = scene.start();
    const context = await scene.browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("dialog", (dialog) => (problems.push(dialog.message()), void dialog.dismiss()));
    page.on("pageerror", (error) => problems.push(error.message));
    const nick = "<img src=x onerror=alert(1)>";
    await page.goto(server.base + "/");
    await page.fill("#nick", nick);
    await page.click("button[type=submit]");
    await page.waitForSelector("#join-error");
    expect(await page.textContent("#join-error")).toContain("letters, digits");
    // maxlength=16 cut what was typed; either way it comes back as the input's text.
    expect(nick).toStartWith(await page.inputValue("#nick"));
    expect(await page.$$("img")).toEqual([]);
    expect(server.switchboard.chat.memberCount).toBe(0);
    await Bun.sleep(200); // an onerror handler would have fired by now
    expect(problems).toEqual([]);
    await context.close();
  }, SLOW);

  test("command answers and mistakes are shown only to the one who typed them", async () => {
    scene.start();
    const alice = await web("alice");
    const bob = await web("bob");
    const carol = await terminal("carol");

    await alice.send("/who");
    await waitForLine(alice.page, "3 in #lobby", "li.system");
    await alice.send("/frobnicate");
    await waitForLine(alice.page, "/frobnicate", "li.system.error");
    // Something everyone sees, sent afterwards: once it arrived, the answers would have too.
    await alice.send("marker");
    await waitForLine(bob.page, "marker");
    await carol.waitFor(/marker/);
    expect(await bob.page.$$("#messages li.system")).toEqual([]);
    expect(await bob.page.textContent("#messages")).not.toContain("frobnicate");
    expect(carol.text).not.toContain("frobnicate");
    expect(carol.text).not.toContain("3 in #lobby");
  }, SLOW);

  test("sending with Enter clears the box and keeps the focus there", async () => {
    scene.start();
    const alice = await web("alice");
    await alice.send("first");
    await waitForLine(alice.page, "first");
    await alice.page.waitForFunction(() => (document.getElementById("text") as HTMLInputElement).value === "");
    expect(await alice.page.evaluate(() => document.activeElement?.id)).toBe("text");
    await alice.page.keyboard.type("second");
    await alice.page.keyboard.press("Enter");
    await waitForLine(alice.page, "second");
  }, SLOW);

  test("a refused message shows why and stays in the box, focused, to be fixed and sent again", async () => {
    scene.start({ maxLine: 20 });
    const alice = await web("alice");
    const bob = await web("bob");
    const long = "this line is far too long to send";
    const answer = alice.page.waitForResponse((response) => response.url().endsWith("/messages"));
    await alice.send(long);
    expect((await answer).status()).toBe(413);
    await waitForLine(alice.page, "Message too long", "li.system.error");
    expect(await alice.page.inputValue("#text")).toBe(long);
    expect(await alice.page.evaluate(() => document.activeElement?.id)).toBe("text");
    // Sent with the button this time: the focus comes back to the box all the same.
    await alice.page.click("#composer button[type=submit]");
    await alice.page.waitForFunction(() => document.querySelectorAll("#messages li.system.error").length === 2);
    await alice.page.waitForFunction(() => document.activeElement?.id === "text");
    expect(await alice.page.inputValue("#text")).toBe(long);

    await alice.page.keyboard.press("Control+A");
    await alice.page.keyboard.type("short now");
    await alice.page.keyboard.press("Enter");
    await waitForLine(bob.page, "short now");
    await alice.page.waitForFunction(() => (document.getElementById("text") as HTMLInputElement).value === "");
    expect(await bob.page.textContent("#messages")).not.toContain("far too long");
  }, SLOW);

  test("a message that names you is highlighted on your page only", async () => {
    scene.start();
    const alice = await web("alice");
    const bob = await web("bob");
    const carol = await terminal("carol");
    carol.line("bob, have a look at this");
    carol.line("nothing for anyone");
    await waitForLine(bob.page, "nothing for anyone");
    await waitForLine(alice.page, "nothing for anyone");
    expect(await bob.page.$$eval("#messages li.mention .text", (t) => t.map((e) => e.textContent))).toEqual(["bob, have a look at this"]);
    expect(await alice.page.$$("#messages li.mention")).toEqual([]);
    // Your own words naming you are not news to you.
    await bob.send("I am bob");
    await waitForLine(bob.page, "I am bob");
    expect(await bob.page.$$("#messages li.mention")).toHaveLength(1);
  }, SLOW);

  test("/me and server notices look different from messages, and a run of one sender shares one header", async () => {
    const server = scene.start();
    const alice = await web("alice");
    const carol = await terminal("carol");
    carol.line("one");
    carol.line("two");
    carol.line("/me waves");
    server.switchboard.chat.announce("Maintenance at noon");
    await waitForLine(alice.page, "Maintenance at noon", "li.notice");
    await waitForLine(alice.page, "waves", "li.action");

    const look = (selector: string) =>
      alice.page.$eval(selector, (el) => {
        const style = getComputedStyle(el);
        return { font: style.fontStyle, background: style.backgroundColor, border: style.borderLeftStyle };
      });
    const message = await look("li.message");
    expect((await look("li.action")).font).toBe("italic");
    expect(message.font).toBe("normal");
    const notice = await look("li.notice");
    expect([notice.background, notice.border]).not.toEqual([message.background, message.border]);

    const messages = await alice.page.$$eval("#messages li.message", (items) =>
      items.map((li) => ({
        text: li.querySelector(".text")?.textContent,
        grouped: li.classList.contains("grouped"),
        nickShown: (li.querySelector(".nick")?.getBoundingClientRect().width ?? 0) > 2,
      })),
    );
    expect(messages).toEqual([
      { text: "one", grouped: false, nickShown: true },
      { text: "two", grouped: true, nickShown: false },
    ]);
  }, SLOW);

  test("the room list shows head counts live, and clicking a room moves you there", async () => {
    scene.start();
    const alice = await web("alice");
    const bob = await web("bob");
    await terminal("carol");
    const rooms = (user: WebUser) =>
      user.page.$$eval("#rooms li", (items) =>
        items.map((li) => `${li.querySelector(".room-name")?.textContent} ${li.querySelector(".count")?.firstChild?.textContent}${li.querySelector("[aria-current=true]") ? " *" : ""}`),
      );
    await until(async () => (await rooms(alice)).join() === "#lobby 3 *", "alice to see 3 in #lobby");

    await bob.send("/join #side");
    await bob.page.waitForFunction(() => document.getElementById("room")?.textContent === "#side");
    // bob stays in #lobby too: he is in both now.
    await until(async () => (await rooms(alice)).join() === "#lobby 3 *,#side 1", "alice to see #side appear");
    await until(async () => (await rooms(bob)).join() === "#lobby 3,#side 1 *", "bob to see himself in #side");
    expect(await bob.page.title()).toBe("#side — Switchboard");

    await alice.page.click("#rooms li[data-room='#side'] button");
    await alice.page.waitForFunction(() => document.getElementById("room")?.textContent === "#side");
    await until(async () => (await rooms(alice)).join() === "#lobby 3,#side 2 *", "alice to be counted in #side");
    await alice.page.waitForSelector("#members li:has-text('bob')");
    expect(await alice.page.$$eval("#members .nick", (n) => n.map((e) => e.textContent))).toEqual(["alice", "bob"]);
    await alice.send("only in #side");
    await waitForLine(bob.page, "only in #side");
  }, SLOW);

  test("after a click on a room the message box has the focus, and what is typed next goes there", async () => {
    scene.start();
    const alice = await web("alice");
    const bob = await web("bob");
    await bob.send("/join #side");
    await alice.page.waitForSelector("#rooms li[data-room='#side'] button");

    await alice.page.click("#rooms li[data-room='#side'] button");
    await alice.page.waitForFunction(() => document.getElementById("room")?.textContent === "#side");
    // The room list has been redrawn by now (the click's button is gone): the focus stayed in the box.
    await alice.page.waitForSelector("#rooms li[data-room='#side'] button[aria-current=true]");
    expect(await alice.page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName)).toBe("text");

    await alice.page.keyboard.type("typed right after the click");
    await alice.page.keyboard.press("Enter");
    await waitForLine(bob.page, "typed right after the click");
    await alice.page.waitForFunction(() => (document.getElementById("text") as HTMLInputElement).value === "");
    expect(await alice.page.evaluate(() => document.activeElement?.id)).toBe("text");
  }, SLOW);
});
