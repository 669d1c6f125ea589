/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";
import { Layout } from "./layout.tsx";

/** What a visitor is told before joining (see `joinPageFacts`). */
export interface JoinPageFacts {
  /** Members online, on every transport. */
  readonly online: number;
  /** The first nicknames in #lobby, sorted, and how many more are there. */
  readonly lobby: readonly string[];
  readonly lobbyMore: number;
  /** Commands that connect from a terminal (`telnet HOST PORT`, …). */
  readonly terminals: readonly string[];
}

export interface JoinPageProps {
  /** Who is online and how to connect from a terminal; left out on a bare refusal page. */
  facts?: JoinPageFacts;
  /** Why the last attempt was refused, shown above the form. */
  error?: string;
  /** What was typed last time, so a typo can be fixed instead of retyped. */
  nick?: string;
  /** The nickname is registered (or the password was wrong): the password field is open and focused. */
  askPassword?: boolean;
}

/**
 * The join form: pick a nickname, and prove it with its password when it is registered.
 * Works without JavaScript (a plain form post). The password is never put back into the
 * page: a refused one is typed again.
 */
export function JoinPage({ error, nick = "", askPassword = false, facts }: JoinPageProps) {
  return (
    <Layout title="Switchboard">
      <main class="join-page">
        <h1>Switchboard</h1>
        <p>Chat with people on the web and on telnet.</p>
        {facts ? <Online facts={facts} /> : ""}
        <form method="post" action="/join" class="join-form">
          <label for="nick">Nickname</label>
          {error ? (
            <p id="join-error" class="error" role="alert" safe>
              {error}
            </p>
          ) : (
            ""
          )}
          <div class="row">
            <input
              id="nick"
              name="nick"
              value={escapeHtml(nick)}
              required
              maxlength="16"
              autocomplete="username"
              autocapitalize="off"
              spellcheck="false"
              autofocus={!askPassword}
              aria-describedby={error && !askPassword ? "join-error nick-hint" : "nick-hint"}
            />
            <button type="submit">Join</button>
          </div>
          <p id="nick-hint" class="hint">
            1–16 letters, digits, _ - or .
          </p>
          <details class="password" open={askPassword}>
            <summary>Registered nickname? Password</summary>
            {/* The summary above says it; the field still has a name of its own for screen readers. */}
            <label for="password" class="visually-hidden">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              autofocus={askPassword}
              aria-describedby={askPassword && error ? "join-error password-hint" : "password-hint"}
            />
            <p id="password-hint" class="hint">
              Only if you registered this nickname (<kbd>/register</kbd>).
            </p>
          </details>
        </form>
        {facts && facts.terminals.length > 0 ? <FromATerminal commands={facts.terminals} /> : ""}
      </main>
    </Layout>
  );
}

/** "3 online. In #lobby: alice, bob, carol." */
function Online({ facts }: { facts: JoinPageFacts }) {
  if (facts.online === 0) return <p class="online">No one is online yet.</p>;
  const named = facts.lobby.join(", ") + (facts.lobbyMore > 0 ? ` and ${facts.lobbyMore} more` : "");
  return (
    <p class="online" safe>
      {`${facts.online} online.${named ? ` In #lobby: ${named}.` : ""}`}
    </p>
  );
}

/** The same chat from a terminal: the commands, with this server's address and ports. */
function FromATerminal({ commands }: { commands: readonly string[] }) {
  return (
    <section class="terminals" aria-labelledby="terminals-heading">
      <h2 id="terminals-heading">From a terminal</h2>
      <ul>
        {commands.map((command) => (
          <li>
            <code safe>{command}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
