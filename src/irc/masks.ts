/**
 * An IRC mask (`coolni*`, `*!*@web`) as a test: `*` any run, `?` one character, case
 * folded as ASCII (the CASEMAPPING the server announces).
 */
export function maskMatcher(mask: string): (text: string) => boolean {
  const pattern = mask
    .toLowerCase()
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const re = new RegExp(`^${pattern}$`);
  return (text) => re.test(text.toLowerCase());
}

export function hasWildcards(mask: string): boolean {
  return /[*?]/.test(mask);
}
