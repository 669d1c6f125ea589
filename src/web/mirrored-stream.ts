import type { Chat, FrameInlet, Member, Seat, Timer } from "../chat/index.ts";
import { SseStream, type StreamEnd, type StreamOwner } from "./sse-stream.ts";
import { RETRY, type WebSession } from "./web-session.ts";

/** What a mirrored stream needs of the web transport (`WebSessions`). */
export interface MirrorHost {
  readonly chat: Chat;
  readonly maxBufferedBytes: number;
  streamOpened(session: WebSession, stream: SseStream): void;
  streamClosed(session: WebSession, stream: SseStream, why: StreamEnd): void;
}

/** How often a mirrored stream checks that its member still lives where its frames come from. */
const CHECK_MS = 2000;

/**
 * How long a mirrored stream waits with nothing from the other instance (its session
 * pings every 15 s) before it ends, and its page reconnects.
 */
const SILENCE_MS = 40_000;

const encoder = new TextEncoder();

/**
 * A stream here of a session whose member lives on another instance (a second tab whose
 * requests reach this one). The member is not moved: that instance renders what the
 * session is sent, once, and this stream writes it as it comes. Handing the member back
 * and forth between tabs on two instances would never end.
 *
 * Undefined when that instance has no stream of the member's open (the member is better
 * moved here), cannot be reached, or the backend is not shared.
 */
export async function openMirroredStream(
  host: MirrorHost,
  visit: WebSession,
  seat: Seat,
  after: number | undefined,
  dropConnection?: () => void,
): Promise<SseStream | undefined> {
  const member = visit.member;
  const backend = host.chat.backend;
  if (!member || member.instance === undefined || !backend.openInlet) return undefined;
  const mirror = new MirroredStream(host, visit, member, seat, dropConnection);
  return (await mirror.open(backend, after)) ? mirror.stream : undefined;
}

class MirroredStream implements StreamOwner {
  readonly stream: SseStream;
  #inlet: FrameInlet | undefined;
  #check: Timer | undefined;
  #heardAt: number;
  #opened = false;

  constructor(
    private readonly host: MirrorHost,
    private readonly visit: WebSession,
    private readonly member: Member,
    private readonly seat: Seat,
    dropConnection?: () => void,
  ) {
    this.stream = new SseStream(host.maxBufferedBytes, this, dropConnection);
    this.#heardAt = host.chat.clock.now();
  }

  async open(backend: Chat["backend"], after: number | undefined): Promise<boolean> {
    const { chat } = this.host;
    const { stream, member } = this;
    stream.send(RETRY);
    let answer: Awaited<ReturnType<typeof backend.relay>>;
    try {
      this.#inlet = await backend.openInlet!((frame) => {
        this.#heardAt = chat.clock.now();
        if (frame === undefined) stream.end();
        else stream.send(encoder.encode(frame));
      });
      answer = await backend.relay(member.instance!, { member: member.id, mirror: this.#inlet.channel, after });
    } catch {
      // The link to the other instance failed: the stream brings the member here instead (or is refused there).
      answer = { ok: false, error: { code: "chat-paused", message: "" } };
    }
    if (!answer.ok || !stream.isOpen) {
      this.#inlet?.close();
      this.seat.release();
      return false;
    }
    this.#opened = true;
    this.host.streamOpened(this.visit, stream);
    this.#check = chat.clock.every(CHECK_MS, () => {
      // Moved (here, or elsewhere), gone, or silent: the page reconnects and finds it where it is now.
      const now = chat.findById(member.id);
      if (now?.instance !== member.instance || chat.clock.now() - this.#heardAt > SILENCE_MS) stream.end();
    });
    return true;
  }

  streamEnded(stream: SseStream, why: StreamEnd): void {
    this.#inlet?.close();
    this.#check?.cancel();
    this.seat.release();
    if (this.#opened) this.host.streamClosed(this.visit, stream, why);
  }
}
