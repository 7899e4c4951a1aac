// The rule's own time in one lint, with the garbage collector's pauses that
// fell inside it set apart.
//
// ESLint's `stats` time a rule from the start to the end of each of its
// listeners, so a collection that the parser's allocations make due while the
// rule runs is charged to the rule. On a file of a few thousand statements
// that is a third of the rule's time or more, and whether a pause lands in
// the rule or in the parser changes from one lint to the next: it hides the
// rule's growth with the size of its input, which is what the pathological
// benchmark measures. This clock wraps the rule's `create` and each listener
// it returns, as ESLint's own timing does, and subtracts the pauses that V8
// reports (`PerformanceObserver`, entry type 'gc') inside those intervals.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';

/** A copy of `plugin` whose rule `ruleName` records the intervals it runs in (into `intervals`, to clock rules together). */
export function clockedPlugin(plugin, ruleName, intervals = []) {
  const rule = plugin.rules[ruleName];
  const timed = (run) => {
    const start = performance.now();
    try {
      return run();
    } finally {
      intervals.push([start, performance.now()]);
    }
  };
  const clocked = {
    ...rule,
    create(context) {
      const listeners = timed(() => rule.create(context));
      return Object.fromEntries(
        Object.entries(listeners).map(([selector, listener]) => [selector, (...args) => timed(() => listener(...args))]),
      );
    },
  };
  return { plugin: { ...plugin, rules: { ...plugin.rules, [ruleName]: clocked } }, intervals };
}

/** The collector's pauses, as [start, end] in `performance.now()` time, from when this is called on. */
export function watchCollector() {
  const pauses = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.startTime + entry.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    pauses,
    /** Lets the observer deliver what is queued: entries come in a later task. */
    flush: () => new Promise((resolve) => setTimeout(resolve, 0)),
    stop: () => observer.disconnect(),
  };
}

/** Of `intervals`, the total length and the part covered by `pauses` (in ms). */
export function split(intervals, pauses) {
  let total = 0;
  let collecting = 0;
  for (const [start, end] of intervals) {
    total += end - start;
    for (const [from, to] of pauses) collecting += Math.max(0, Math.min(end, to) - Math.max(start, from));
  }
  return { total, collecting, own: total - collecting };
}
