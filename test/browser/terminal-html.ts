/** The 16 ANSI colours as a dark terminal theme shows them. */
const PALETTE = [
  "#1e1e1e", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#e5e5e5",
  "#666666", "#ff6e6e", "#5af78e", "#f4f99d", "#66b2ff", "#ff92df", "#9aedfe", "#ffffff",
];

interface Pen {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

function applySgr(pen: Pen, params: number[]): Pen {
  let next = { ...pen };
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 0) next = {};
    else if (p === 1) next.bold = true;
    else if (p === 2) next.dim = true;
    else if (p === 3) next.italic = true;
    else if (p === 4) next.underline = true;
    else if (p === 22) next.bold = next.dim = false;
    else if (p === 23) next.italic = false;
    else if (p === 24) next.underline = false;
    else if (p >= 30 && p <= 37) next.fg = PALETTE[p - 30];
    else if (p >= 90 && p <= 97) next.fg = PALETTE[p - 90 + 8];
    else if (p >= 40 && p <= 47) next.bg = PALETTE[p - 40];
    else if (p === 39) delete next.fg;
    else if (p === 49) delete next.bg;
    else if ((p === 38 || p === 48) && params[i + 1] === 5) {
      const n = params[i + 2] ?? 0;
      if (n < 16) next[p === 38 ? "fg" : "bg"] = PALETTE[n];
      i += 2;
    }
  }
  return next;
}

function css(pen: Pen): string {
  return [
    pen.fg && `color:${pen.fg}`,
    pen.bg && `background:${pen.bg}`,
    pen.bold && "font-weight:700",
    pen.dim && "opacity:.65",
    pen.italic && "font-style:italic",
    pen.underline && "text-decoration:underline",
  ]
    .filter(Boolean)
    .join(";");
}

/**
 * Turns what `tmux capture-pane -e` printed (text with SGR colour codes) into HTML spans,
 * so Chromium can take a picture of a terminal session. Other escape sequences are dropped.
 */
export function terminalHtml(captured: string): string {
  let pen: Pen = {};
  let out = "";
  for (const part of captured.split(/(\x1b\[[0-9;]*[A-Za-z])/)) {
    const sgr = /^\x1b\[([0-9;]*)m$/.exec(part);
    if (sgr) pen = applySgr(pen, (sgr[1] || "0").split(";").map(Number));
    else if (part.startsWith("\x1b[")) continue;
    else if (part) {
      const style = css(pen);
      const text = Bun.escapeHTML(part);
      out += style ? `<span style="${style}">${text}</span>` : text;
    }
  }
  return out;
}

/** A page that shows `captured` the way a terminal window would. */
export function terminalPage(captured: string, title: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; background: #2b2b2b; font-family: system-ui, sans-serif; }
    .window { margin: 16px; border-radius: 8px; overflow: hidden; box-shadow: 0 6px 24px rgb(0 0 0 / .5); display: inline-block; }
    .bar { background: #3c3c3c; color: #ccc; font-size: 13px; padding: 6px 12px; }
    pre { margin: 0; padding: 10px 14px; background: #1e1e1e; color: #e5e5e5;
          font: 14px/1.35 "DejaVu Sans Mono", ui-monospace, monospace; }
  </style></head><body><div class="window"><div class="bar">${Bun.escapeHTML(title)}</div>
  <pre>${terminalHtml(captured)}</pre></div></body></html>`;
}
