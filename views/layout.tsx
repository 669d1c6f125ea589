import type { Children } from "@kitajs/html";

export interface LayoutProps {
  title: string;
  children?: Children;
}

/**
 * The page shell. Scripts come from this server only (the CSP allows 'self' alone);
 * htmx core first, then its SSE extension, then our own behaviour.
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
        <script src="/htmx.js" defer></script>
        <script src="/hx-sse.js" defer></script>
        <script src="/app.js" defer></script>
      </head>
      <body>{children}</body>
    </html>
  );
}
