/**
 * Recursion whose depth grows with the input (a chain of 5,000 aliases, calls
 * or generators), without the call stack: a recursive step is written as a
 * generator that yields the sub-steps it would have called, and gets each one's
 * result back from the `yield`. The driver keeps the pending steps in an array,
 * so the order of side effects is that of the plain recursion, and the depth is
 * bounded by memory, not by the stack.
 */

/** A step of a recursion: yields sub-steps, receives each one's result, returns its own. */
export type Step<Result> = Generator<Step<unknown>, Result, unknown>;

/** Runs `root` and every step it yields, depth first, and returns the root's result. */
export function runSteps<Result>(root: Step<Result>): Result {
  const stack: Step<unknown>[] = [root];
  let input: unknown = undefined;
  for (;;) {
    const top = stack.at(-1);
    if (!top) throw new Error('runSteps: empty stack');
    const next = top.next(input);
    input = undefined;
    if (!next.done) {
      stack.push(next.value);
      continue;
    }
    stack.pop();
    if (stack.length === 0) return next.value as Result;
    input = next.value;
  }
}
