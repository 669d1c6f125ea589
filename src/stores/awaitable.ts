/** A value now (this process decides), or later (a shared store answers over the network). */
export type Awaitable<T> = T | Promise<T>;
