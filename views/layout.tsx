/** @jsxImportSource @kitajs/html */
import type { Children } from "@kitajs/html";

export interface LayoutProps {
  title: string;
  children?: Children;
}

/**
 * The page shell. Scripts come from this server only (the CSP allows 'self' alone);
 * htmx core first, then its SSE extension, then our own behaviour. They are plain
 * scripts at the end of the body, not `defer`: htmx starts on DOMContentLoaded only if
 * the document is still loading when it runs, and otherwise on a timer that can fire
 * before a deferred hx-sse.js has arrived, leaving the page without its stream.
 */
export function Layout({ title, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title safe>{title}</title>
        <link rel="stylesheet" href="/style.css" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        {children}
        <script src="/htmx.js"></script>
        <script src="/hx-sse.js"></script>
        <script src="/page.js"></script>
        <script src="/rooms.js"></script>
      </body>
    </html>
  );
}
