// Types for shapes.js.
/** Long chains and deep nesting: the program for `n` links. */
export const CHAINS: Record<string, (n: number) => string>;
/** Flat code whose size grows with `n`: the program for size `n`. */
export const COSTS: Record<string, (n: number) => string>;
