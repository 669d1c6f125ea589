import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import { refusal } from "./refusals.ts";
import type { BrowserSide } from "./trusted-proxies.ts";

/**
 * What every answer gets and every request must pass, in order: the security headers
 * (CSP, and HSTS where it means something), the same-origin check on POSTs, the body
 * limit. `browserOf` says what the browser sees (see `RouteContext.browserOf`).
 */
export function securityMiddleware(browserOf: (c: Context) => BrowserSide, maxBodyBytes: number): MiddlewareHandler[] {
  return [
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // No inline scripts and no eval: behaviour lives in the page's own script file (public/), never in hx-on.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      // Set below, only where it means something.
      strictTransportSecurity: false,
    }),
    // HSTS over https only, and never for this machine's own names: there it would make the
    // browser use https for every http://localhost:* site, whatever serves it, for months.
    async (c, next) => {
      await next();
      const browser = browserOf(c);
      if (browser.secure && !isThisMachine(new URL(browser.origin).hostname)) c.res.headers.set("Strict-Transport-Security", HSTS);
    },
    // Behind a TLS-terminating proxy the request URL says http://: compare with what the browser sees.
    csrf({ origin: (origin, c) => origin === browserOf(c).origin }),
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => refusal(c, 413, "That was too long to send."),
    }),
  ];
}

/** What Hono's secureHeaders would send: 180 days, subdomains too. */
const HSTS = "max-age=15552000; includeSubDomains";

/** `localhost` (and its subdomains) and loopback addresses, as a URL's hostname gives them. */
function isThisMachine(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname.startsWith("127.") || hostname === "[::1]";
}
