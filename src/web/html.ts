/**
 * kitajs components return `string | Promise<string>` (the promise only for async
 * components, which the views do not use). These helpers pin that down once.
 */
export function html(element: JSX.Element): string {
  if (typeof element !== "string") throw new TypeError("views must render synchronously");
  return element;
}

/** A whole page: kitajs adds no doctype. */
export function page(element: JSX.Element): string {
  return "<!doctype html>" + html(element);
}
