import { afterEach, describe, expect, spyOn, test } from "bun:test";
import { TestClient } from "../telnet/test-client.ts";
import { useTestWeb } from "./helpers.ts";

const testWeb = useTestWeb();
const { start, joined } = testWeb;

/** Sends `request` as it is on a fresh connection and returns the whole answer once the server closes it. */
async function rawHttp(port: number, request: string): Promise<{ status: number; head: string; body: string }> {
  const client = await TestClient.connect(port);
  client.send(request);
  await client.waitForClose();
  const [head = "", body = ""] = client.text.split("\r\n\r\n", 2);
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]), head, body };
}

const consoleErrors = spyOn(console, "error");
afterEach(() => consoleErrors.mockClear());

describe("requests a browser would not send", () => {
  test("malformed multipart bodies to /join and /messages get 400 with a one-line reason, and nothing is logged as an error", async () => {
    const running = start();
    const alice = await joined("alice");
    const bodies: [string, string][] = [
      ["multipart/form-data; boundary=XYZ", "this is not multipart at all"],
      ["multipart/form-data; boundary=XYZ", '--XYZ\r\nContent-Disposition: form-data; name="text"\r\n\r\nunfinished'],
      ["multipart/form-data", '--XYZ\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--XYZ--\r\n'],
    ];
    for (const path of ["/join", "/messages"]) {
      for (const [type, body] of bodies) {
        for (const htmx of [false, true]) {
          const response = await fetch(running.base + path, {
            method: "POST",
            headers: {
              Origin: running.base,
              "Content-Type": type,
              ...(path === "/messages" ? { Cookie: alice.cookie } : {}),
              ...(htmx ? { "HX-Request": "true" } : {}),
            },
            body,
          });
          const text = await response.text();
          expect({ path, type, body, status: response.status }).toEqual({ path, type, body, status: 400 });
          expect(text).toContain("could not be read");
          if (!htmx) expect(text.trim().split("\n")).toHaveLength(1);
        }
      }
    }
    expect(consoleErrors).not.toHaveBeenCalled();
    expect(running.chat.memberCount).toBe(1);
    expect(running.chat.stats.messages).toBe(0);
    // The session is none the worse for it.
    expect((await alice.say("after the garbage")).status).toBe(204);
  });

  test("a post to /messages with no text field (JSON, a file upload, another field) gets 400, not a 2xx claiming it was sent", async () => {
    const running = start();
    const alice = await joined("alice");
    const file = new FormData();
    file.append("text", new Blob(["in a file"]), "message.txt");
    const bodies: [string | undefined, BodyInit][] = [
      ["application/json", JSON.stringify({ text: "as json" })],
      [undefined, file],
      ["application/x-www-form-urlencoded", "message=wrong+field"],
    ];
    for (const [type, body] of bodies) {
      const response = await fetch(running.base + "/messages", {
        method: "POST",
        headers: { Origin: running.base, Cookie: alice.cookie, "HX-Request": "true", ...(type ? { "Content-Type": type } : {}) },
        body,
      });
      expect({ type, status: response.status }).toEqual({ type, status: 400 });
      expect(await response.text()).toContain("Nothing to send");
    }
    expect(running.chat.stats.messages).toBe(0);
    // An empty box sends nothing and says nothing went (there is nothing to refuse).
    expect((await alice.say("")).status).toBe(204);
  });

  test("HTTP/1.0 without a Host header gets the same answers as with one, on every route", async () => {
    const running = start();
    for (const [target, status] of [
      ["/healthz", 200],
      ["/", 200],
      ["/?before=5", 200],
      ["/metrics", 200],
      ["/page.js", 200],
      ["/events?after=0", 401],
      ["/history?before=3", 401],
      ["/no-such-page", 404],
    ] as const) {
      const withHost = await rawHttp(running.web.port, `GET ${target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n`);
      const withoutHost = await rawHttp(running.web.port, `GET ${target} HTTP/1.0\r\n\r\n`);
      expect({ target, status: withHost.status }).toEqual({ target, status });
      expect({ target, status: withoutHost.status }).toEqual({ target, status });
      expect(withoutHost.body).toBe(withHost.body);
    }
    expect((await rawHttp(running.web.port, "GET /healthz HTTP/1.0\r\n\r\n")).body).toBe("ok");
    expect(consoleErrors).not.toHaveBeenCalled();
  });

  test("over HTTP/1.0 without a Host header a joined browser can chat, counted at its own address", async () => {
    const running = start();
    const origin = `Origin: http://127.0.0.1:${running.web.port}\r\n`;
    const form = "Content-Type: application/x-www-form-urlencoded\r\n";
    const join = await rawHttp(running.web.port, `POST /join HTTP/1.0\r\n${origin}${form}Content-Length: 9\r\n\r\nnick=jane`);
    expect(join.status).toBe(303);
    const cookie = /set-cookie: ([^;]+)/i.exec(join.head)?.[1];
    expect(cookie).toBeDefined();
    expect(running.logs).toContain("web join jane from 127.0.0.1");
    const say = await rawHttp(
      running.web.port,
      `POST /messages HTTP/1.0\r\n${origin}${form}Cookie: ${cookie}\r\nContent-Length: 13\r\n\r\ntext=hi+there`,
    );
    expect(say.status).toBe(303);
    const page = await rawHttp(running.web.port, `GET / HTTP/1.0\r\nCookie: ${cookie}\r\n\r\n`);
    expect(page.body).toContain("hi there");
  });
});

describe("a body sent in chunks", () => {
  test("is still counted against its client's address (and so kept out by a ban of it)", async () => {
    const running = start({}, { maxPerAddress: 1, limitLoopback: true });
    // A stream body goes out with Transfer-Encoding: chunked.
    const chunkedJoin = (nick: string) =>
      fetch(running.base + "/join", {
        method: "POST",
        redirect: "manual",
        headers: { Origin: running.base, "Content-Type": "application/x-www-form-urlencoded" },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(`nick=${nick}`));
            controller.close();
          },
        }),
      });
    const first = await chunkedJoin("alice");
    expect(first.status).toBe(303);
    expect(running.logs).toContain("web join alice from 127.0.0.1");
    // The one place for 127.0.0.1 is taken: a second chunked join from it is refused.
    expect((await chunkedJoin("bob")).status).toBe(429);
  });
});
