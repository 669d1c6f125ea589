/**
 * An `<hx-partial>` block: htmx 4 turns `<hx-partial>` into `<template hx type="partial">`
 * (htmx.js #makeFragment), swaps its content into `hx-target` with `hx-swap`
 * (#processPartials), and skips the main swap when nothing else is left in the message
 * (#processMainSwap; hx-sse.js also adds `swapEmpty:false`). So one unnamed SSE message
 * can append a line to #messages AND refresh #members. User text never forms an
 * `<hx-` tag because it is escaped before it gets here.
 */
export function hxPartial(target: string, swap: string, content: string): string {
  return `<hx-partial hx-target="${target}" hx-swap="${swap}">${content}</hx-partial>`;
}
