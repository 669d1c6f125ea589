/** @jsxImportSource @kitajs/html */
import type { Children } from "@kitajs/html";

export interface LayoutProps {
  title: string;
  children?: Children;
}

/**
 * The page shell. Scripts come from this server only (the CSP allows 'self' alone);
 * htmx core first, then its SSE extension, then our own behaviour. htmx's are plain
 * scripts at the end of the body, not `defer`: htmx starts on DOMContentLoaded only if
 * the document is still loading when it runs, and otherwise on a timer that can fire
 * before a deferred hx-sse.js has arrived, leaving the page without its stream. Ours are
 * modules (they import what they share), which run before DOMContentLoaded.
 *
 * htmx's own history is off: it would stamp the tab's history entries as its own and, on
 * back and forward, load the whole body again; views.js keeps the history instead.
 */
export function Layout({ title, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="htmx-config" content="history:false" />
        <title safe>{title}</title>
        <link rel="stylesheet" href="/style.css" />
        <link rel="stylesheet" href="/search.css" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        {children}
        <script src="/htmx.js"></script>
        <script src="/hx-sse.js"></script>
        <script type="module" src="/page.js"></script>
        <script type="module" src="/rooms.js"></script>
        <script type="module" src="/views.js"></script>
        <script type="module" src="/connection.js"></script>
      </body>
    </html>
  );
}
