/**
 * How long a kept session lasts without being saved again: its page did not come back
 * within a day of a stop (while the server runs, a page away for longer than `--grace`
 * ends its session anyway).
 */
export const SESSION_KEPT_MS = 24 * 60 * 60 * 1000;

/** What a browser's session needs to come back as itself after the server restarts. */
export interface StoredSession {
  readonly nick: string;
  /** The member's identity (`Member.id`): its private messages stay its own. */
  readonly memberId: string;
  readonly room: string;
  /** Every room of the member's, in the order joined (`room` is its current one); absent in sessions from before. */
  readonly rooms?: readonly string[];
  /** How far it had read each room (`Membership.readUpTo`), by name: `ComeBackRequest.readUpTo`. */
  readonly readUpTo?: Readonly<Record<string, number>>;
  /** The stamp of the account it proved (`accountStamp`), absent for a guest: it owns only what it proved. */
  readonly provenAs?: string;
  /** Its private conversations, newest first, with what it has not read in each; absent in sessions from before. */
  readonly conversations?: readonly StoredConversation[];
}

/** One of a kept session's conversations: with whom (the nickname last seen), and how many of their lines it has not read. */
export interface StoredConversation {
  readonly nick: string;
  readonly unread: number;
}

/**
 * Where web sessions are kept so that they outlive the process: an open page reconnects
 * to the next start and carries on as the same nickname. Keyed by a hash of the cookie's
 * token, never the token itself, so a copy of the store logs no one in.
 */
export interface SessionStore {
  /** Records or updates a session. */
  save(tokenHash: string, session: StoredSession): void | Promise<void>;
  find(tokenHash: string): StoredSession | undefined | Promise<StoredSession | undefined>;
  /** The session ended for good (Leave, kick, gone for longer than the grace period). */
  delete(tokenHash: string): void | Promise<void>;
  close(): void;
}

/** The hash a session is stored under. */
export function tokenHash(token: string): string {
  return new Bun.CryptoHasher("sha256").update(token).digest("base64url");
}
