import net from "node:net";

/**
 * A test's view of one raw TCP client: everything the server sent is kept, and
 * `waitFor` reads until a pattern shows up (no fixed sleeps).
 */
export class TestClient {
  readonly socket: net.Socket;
  readonly closed: Promise<void>;
  #received = Buffer.alloc(0);
  /** Where the next `waitFor` starts looking (in `text`), so each waits for new output. */
  #cursor = 0;
  #waiters = new Set<() => void>();
  #isClosed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#received = Buffer.concat([this.#received, chunk]);
      this.#wake();
    });
    socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      socket.on("close", () => {
        this.#isClosed = true;
        this.#wake();
        resolve();
      }),
    );
  }

  /** Connects to the server on this machine, from `from` (another loopback address: 127.0.0.2) if given. */
  static connect(port: number, from?: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: "127.0.0.1", ...(from ? { localAddress: from } : {}) });
      socket.once("connect", () => resolve(new TestClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Connects the way nc does and picks `nick`, waiting until the chat has accepted it. */
  static async joinAs(port: number, nick: string, from?: string): Promise<TestClient> {
    const client = await TestClient.connect(port, from);
    await client.waitFor(/nickname/i);
    client.line(nick);
    await client.waitFor(new RegExp(`You are ${nick}\\.`));
    return client;
  }

  /** Connects as `nick`, which is registered, and proves it at the prompt with `/identify`. */
  static async identifyAs(port: number, nick: string, password: string): Promise<TestClient> {
    const client = await TestClient.connect(port);
    await client.waitFor(/Pick a nickname: $/);
    client.line(nick);
    await client.waitFor(/is registered\. If it is yours, type its password \(or \/identify PASSWORD\)/);
    client.line(`/identify ${password}`);
    await client.waitFor(new RegExp(`You are ${nick}\\.`));
    return client;
  }

  /** Every byte received so far. */
  get bytes(): Buffer {
    return this.#received;
  }

  /** Everything received so far, as text. */
  get text(): string {
    return this.#received.toString("utf8");
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  send(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** Sends a line the way nc does (bare LF). */
  line(text: string): void {
    this.send(text + "\n");
  }

  /** Sends a line the way telnet does (CR LF). */
  telnetLine(text: string): void {
    this.send(text + "\r\n");
  }

  /**
   * Waits until output received after the previous match matches `pattern`, and returns
   * the match. Fails after `timeoutMs`, or if the connection closes first.
   */
  async waitFor(pattern: RegExp, timeoutMs = 5000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Counted in decoded characters: telnet negotiation bytes are not UTF-8, so a byte
      // offset worked out from decoded text would drift past them.
      const unread = this.text.slice(this.#cursor);
      const match = pattern.exec(unread);
      if (match) {
        this.#cursor += match.index + match[0].length;
        return match;
      }
      const remaining = deadline - Date.now();
      if (this.#isClosed || remaining <= 0) {
        const why = this.#isClosed ? "connection closed" : "timed out";
        throw new Error(`${why} waiting for ${pattern}; unread output: ${JSON.stringify(unread)}`);
      }
      await this.#nextChange(remaining);
    }
  }

  /** Waits for the server to close the connection. */
  async waitForClose(timeoutMs = 5000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms: ${JSON.stringify(this.text)}`)), timeoutMs);
    });
    try {
      await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket.destroy();
  }

  #nextChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#waiters.add(done);
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** Polls `condition` until it holds, failing after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}
