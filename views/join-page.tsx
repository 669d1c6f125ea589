/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";
import { Layout } from "./layout.tsx";

export interface JoinPageProps {
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
export function JoinPage({ error, nick = "", askPassword = false }: JoinPageProps) {
  return (
    <Layout title="Switchboard">
      <main class="join-page">
        <h1>Switchboard</h1>
        <p>Chat with people on the web and on telnet.</p>
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
      </main>
    </Layout>
  );
}
