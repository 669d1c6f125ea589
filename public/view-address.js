// A view and its address, as the server has them (src/web/view.ts): room `#dev` at
// `/r/dev`, the conversation with bob `@bob` at `/dm/bob`.

/** `/r/dev` for `#dev`, `/dm/bob` for `@bob`. */
export const addressOf = (view) =>
  view.startsWith("@") ? `/dm/${encodeURIComponent(view.slice(1))}` : `/r/${encodeURIComponent(view.slice(1))}`;

/** `#dev` for `/r/dev`, `@bob` for `/dm/bob`; undefined for any other path. */
export function viewOf(path) {
  const match = /^\/(r|dm)\/([^/?#]+)$/.exec(path);
  if (!match) return undefined;
  let name;
  try {
    name = decodeURIComponent(match[2]);
  } catch {
    return undefined;
  }
  return match[1] === "r" ? `#${name.toLowerCase()}` : `@${name}`;
}

/** Whether two views are the same one (nicknames and room names are compared without case). */
export const sameView = (a, b) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
