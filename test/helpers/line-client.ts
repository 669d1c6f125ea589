import type { Socket } from "bun";

/** A raw TCP client like `nc`: sends lines, collects everything received as text. */
export interface LineClient {
  send(line: string, ending?: string): void;
  /** Resolves with the match once the received text matches `pattern` (after `from`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  received(): string;
  bytes(): Uint8Array[];
  closed: Promise<void>;
  close(): void;
}

export async function connectLineClient(port: number, host = "127.0.0.1"): Promise<LineClient> {
  let text = "";
  const chunks: Uint8Array[] = [];
  const decoder = new TextDecoder();
  let wake = () => {};
  let onClose = () => {};
  const closed = new Promise<void>((resolve) => (onClose = resolve));
  const socket: Socket = await Bun.connect({
    hostname: host,
    port,
    socket: {
      data(_socket, data) {
        chunks.push(new Uint8Array(data));
        text += decoder.decode(data, { stream: true });
        wake();
      },
      close() {
        onClose();
        wake();
      },
      error() {
        onClose();
      },
    },
  });
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  return {
    send: (line, ending = "\n") => void socket.write(line + ending),
    async waitFor(pattern, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (true) {
        const match = pattern.exec(text);
        if (match) return match;
        if (Date.now() > deadline || isClosed)
          throw new Error(`never received ${pattern}${isClosed ? " (connection closed)" : ""}; got:\n${text}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
    received: () => text,
    bytes: () => chunks,
    closed,
    close: () => socket.end(),
  };
}
