/** An IPv4 or IPv6 address, as `/ban` takes one (a nickname has neither dots between digits only nor colons). */
export function looksLikeAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || (text.includes(":") && /^[0-9a-f:.]+$/i.test(text));
}
