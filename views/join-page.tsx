/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";
import { Layout } from "./layout.tsx";

export interface JoinPageProps {
  /** Why the last attempt was refused, shown above the form. */
  error?: string;
  /** What was typed last time, so a typo can be fixed instead of retyped. */
  nick?: string;
}

/** The join form: pick a nickname. Works without JavaScript (a plain form post). */
export function JoinPage({ error, nick = "" }: JoinPageProps) {
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
              autocomplete="nickname"
              autocapitalize="off"
              spellcheck="false"
              autofocus
              aria-describedby={error ? "join-error nick-hint" : "nick-hint"}
            />
            <button type="submit">Join</button>
          </div>
          <p id="nick-hint" class="hint">
            1–16 letters, digits, _ - or .
          </p>
        </form>
      </main>
    </Layout>
  );
}
