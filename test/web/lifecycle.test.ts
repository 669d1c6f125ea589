import { afterEach, describe, expect, test } from "bun:test";
import { SseStream, type StreamEnd } from "../../src/web/sse-stream.ts";
import { startTestWeb, TestBrowser, until, type TestWeb } from "./helpers.ts";

let running: TestWeb | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("web server lifecycle", () => {
  test("/healthz answers 200 ok", async () => {
    running = startTestWeb();
    const response = await fetch(`${running.base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
  });

  test("/metrics has the counters in Prometheus text format", async () => {
    running = startTestWeb();
    const alice = new TestBrowser(running.base);
    await alice.join("alice");
    const stream = await alice.stream(`?after=${running.chat.lastEventId}`);
    await alice.say("hi");
    const response = await fetch(`${running.base}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain('switchboard_members{transport="web"} 1');
    expect(text).toContain('switchboard_members{transport="telnet"} 0');
    expect(text).toContain("# TYPE switchboard_messages_total counter");
    expect(text).toMatch(/^switchboard_messages_total 1$/m);
    expect(text).toMatch(/^switchboard_joins_total 1$/m);
    expect(text).toMatch(/^switchboard_leaves_total 0$/m);
    expect(text).toMatch(/^switchboard_sse_streams 1$/m);
    expect(text).toMatch(/^switchboard_arrivals_waiting 0$/m);
    expect(text).toContain(`switchboard_last_event_id ${running.chat.lastEventId}`);
    await stream.close();
  });

  test("the url and port are the ones bound", () => {
    running = startTestWeb();
    expect(running.web.port).toBeGreaterThan(0);
    expect(running.web.url).toBe(`http://127.0.0.1:${running.web.port}/`);
  });

  test("shutdown tells every open stream why, ends them, and close() stops the server", async () => {
    running = startTestWeb();
    const alice = new TestBrowser(running.base);
    const bob = new TestBrowser(running.base);
    await alice.join("alice");
    await bob.join("bob");
    const after = `?after=${running.chat.lastEventId}`;
    const streams = [await alice.stream(after), await bob.stream(after), await bob.stream(after)];

    const started = Date.now();
    running.chat.shutdown("Maintenance, back soon.");
    await running.web.close();
    expect(Date.now() - started).toBeLessThan(2500);
    for (const stream of streams) {
      await stream.waitForEnd();
      expect(stream.messages.some((m) => m.data.includes("Maintenance, back soon.") && !m.event)).toBe(true);
      expect(stream.messages.at(-1)?.event).toBe("bye");
    }
    expect(await fetch(`${running.base}/healthz`).catch(() => "refused")).toBe("refused");
    running = undefined;
  });

  test("close() without a chat shutdown still ends the streams", async () => {
    running = startTestWeb();
    const alice = new TestBrowser(running.base);
    await alice.join("alice");
    const stream = await alice.stream(`?after=${running.chat.lastEventId}`);
    await running.web.close();
    await stream.waitForEnd();
    expect(stream.raw).toContain("The server is shutting down.");
    expect(running.chat.find("alice")).toBeUndefined();
    running = undefined;
  });
});

describe("an SSE stream", () => {
  test("keeps what is sent before its body is read, and an end() from before then ends it after that", async () => {
    const ended: StreamEnd[] = [];
    const stream = new SseStream(64 * 1024, { streamEnded: (_s, why) => ended.push(why) });
    const encode = (text: string) => new TextEncoder().encode(text);
    stream.send(encode("data: one\n\n"));
    stream.sendParts([encode("data: two\n"), encode("data: three\n"), encode("\n")]);
    stream.end();
    expect(await stream.response.text()).toBe("data: one\n\ndata: two\ndata: three\n\n");
    expect(ended).toEqual(["closed"]);
    expect(stream.isOpen).toBe(false);
  });
});

describe("a slow SSE reader", () => {
  test("is cut off once what Bun holds for it passes the bound, and its connection dropped", async () => {
    const ended: StreamEnd[] = [];
    let drop = () => {};
    const stuck = new SseStream(64 * 1024, { streamEnded: (_s, why) => ended.push(why) }, () => drop());
    const server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: (request, server) => {
        server.timeout(request, 0);
        drop = () => server.timeout(request, 1);
        return stuck.response;
      },
    });
    try {
      let headers = "";
      const { promise: dropped, resolve: drop } = Promise.withResolvers<void>();
      const socket = await Bun.connect({
        hostname: "127.0.0.1",
        port: server.port!,
        socket: { data: (_s, chunk) => void (headers ||= chunk.toString("latin1")), close: () => drop() },
      });
      socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      await until(() => headers.startsWith("HTTP/1.1 200"), "the response headers");
      socket.pause();
      // Nothing reads any more: the kernel's buffers fill, then Bun's sink, then the bound.
      const frame = new TextEncoder().encode(`data: ${"x".repeat(1000)}\n\n`);
      let turns = 0;
      while (stuck.isOpen && turns < 100_000) {
        stuck.send(frame);
        stuck.send(frame);
        stuck.flush();
        if (++turns % 100 === 0) await Bun.sleep(0);
      }
      expect(ended).toEqual(["lagging"]);
      socket.resume();
      await dropped;
    } finally {
      server.stop(true);
    }
  });

  test("on a real server is cut off and counted in /metrics while the others keep flowing", async () => {
    running = startTestWeb();
    const alice = new TestBrowser(running.base);
    await alice.join("alice");
    const bob = new TestBrowser(running.base);
    await bob.join("bob");
    const bobStream = await bob.stream(`?after=${running.chat.lastEventId}`);
    // A raw client that sends the request and then stops reading.
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: running.web.port,
      socket: { data() {} },
    });
    socket.write(`GET /events?after=${running.chat.lastEventId} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${alice.cookie}\r\n\r\n`);
    socket.pause();
    await until(() => running!.logs.some((l) => l.startsWith("web stream open alice")), "the stream to open");
    await until(
      () => {
        for (let i = 0; i < 50; i++) running!.chat.announce("y".repeat(4000));
        return running!.logs.some((l) => l.includes("lagging"));
      },
      "the stream to be cut off",
      15_000,
    );
    const metrics = await (await fetch(`${running.base}/metrics`)).text();
    expect(metrics).toMatch(/^switchboard_sse_streams_lagging_total 1$/m);
    expect(metrics).toMatch(/^switchboard_sse_streams 1$/m);
    await bob.say("still flowing");
    await bobStream.waitFor("still flowing", 10_000);
    await bobStream.close();
    socket.end();
  });
});
