/**
 * The first rule's pass over one file, once the pools are found: their lazy
 * values, where each value goes, and what is a bug. The rule reports the
 * findings; nothing here follows a value again for the report.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cachedIn } from '../util/cached.js';
import { ancestors, contains, enclosingFunction, type FunctionNode } from './core/ast.js';
import { decide } from './verdicts/decide.js';
import type { Finding } from './verdicts/findings.js';
import { findLazySources, type LazySource } from './values/lazy-sources.js';
import { leftOpenFinding } from './verdicts/left-open.js';
import { holdsLazyValue } from './pools/lazy-value-pools.js';
import type { Settings } from './core/options.js';
import type { PoolBinding } from './pools/pool-bindings.js';
import type { Pool } from './pools/pools.js';
import type { TypeOracle } from './core/types.js';
import { followLazyValue } from './values/value-flow.js';
import { helperCallsOf } from './verdicts/helper-summaries.js';
import type { FlowEvent } from './values/flow-events.js';

/** A finding of the first rule, with the lazy value it is about. */
export interface IteratorFinding {
  finding: Finding;
  source: LazySource;
}

/** Pool records grouped by binding, each group in source order of disposal. */
function byVariable(pools: readonly Pool[]): Pool[][] {
  const groups = new Map<PoolBinding, Pool[]>();
  for (const pool of pools) {
    const group = groups.get(pool.variable);
    if (group) group.push(pool);
    else groups.set(pool.variable, [pool]);
  }
  // Bindings adopted by a stack first: their reports name them rather than the stack.
  return [...groups.values()]
    .map((group) => group.sort((a, b) => a.disposedFrom - b.disposedFrom))
    .sort((a, b) => Number(b[0]?.kind === 'stack') - Number(a[0]?.kind === 'stack'));
}

/** A local helper's call that reads the value it is given (rule 16): the call is the consumption, of what the call makes. */
function helperReading(call: TSESTree.Node): FlowEvent {
  return { kind: 'consume', node: call, value: call, form: 'unknown', via: [], inLoops: [], container: false };
}

/** The function that made `made`, when every node its flow reached lies inside it. */
function confinedTo(made: TSESTree.Node, visited: ReadonlySet<TSESTree.Node>, events: readonly FlowEvent[]): FunctionNode | undefined {
  const home = enclosingFunction(made);
  if (home.type === AST_NODE_TYPES.Program) return undefined;
  for (const node of visited) if (!contains(home, node)) return undefined;
  for (const event of events) if (!contains(home, event.node)) return undefined;
  return home;
}

/**
 * The explicit closes of one binding, by function. An explicit close in a
 * function apart from the one a value's flow stays in (neither holds the
 * other) can neither precede nor follow anything done with the value: the
 * code paths differ, and the pair is not judged. `meeting` finds the others
 * without looking at every close: those of the functions around the value's
 * (its ancestors), and those of functions inside it (a range of the closes
 * sorted by where their function starts). This spares pairing each value of
 * a module-level client with the closes of every other function.
 */
function closeIndex(records: readonly Pool[]): { meeting: (home: FunctionNode) => Pool[] } {
  const all = records.filter((record) => record.kind === 'close');
  const order = new Map(all.map((record, index) => [record, index]));
  const byFunction = new Map<TSESTree.Node, Pool[]>();
  for (const record of all) {
    const list = byFunction.get(record.fn);
    if (list) list.push(record);
    else byFunction.set(record.fn, [record]);
  }
  const sorted = [...all].sort((a, b) => a.fn.range[0] - b.fn.range[0]);
  return {
    meeting(home) {
      const found: Pool[] = [];
      for (const fn of [home, ...ancestors(home)]) found.push(...(byFunction.get(fn) ?? []));
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((sorted[middle]?.fn.range[0] ?? Infinity) <= home.range[0]) low = middle + 1;
        else high = middle;
      }
      for (let at = low; at < sorted.length; at++) {
        const record = sorted[at];
        if (!record || !contains(home, record.fn)) break;
        found.push(record);
      }
      // In the order of `records`, as without the index: the first report of a node wins.
      return found.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    },
  };
}

export function analyseFile(
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  allPools: readonly Pool[],
  types: TypeOracle | undefined,
): IteratorFinding[] {
  const found: IteratorFinding[] = [];
  // A cursor or a stream closed by itself is no pool: its close closes the iterator (rule 2).
  // Asked once per binding: a module's client closed in n functions gives n pools of one binding.
  const lazyBindings = new Map<PoolBinding, boolean>();
  const pools = allPools.filter(
    (pool) => !cachedIn(lazyBindings, pool.variable, () => holdsLazyValue(pool.variable, settings, sourceCode)),
  );
  // One report per node: a value reached along two paths is reported once.
  const reported = new Set<TSESTree.Node>();
  // Rule 16: what the file's helpers make of the values they are given, summarised once per helper.
  const helperCalls = helperCallsOf(sourceCode, settings, types);
  for (const records of byVariable(pools)) {
    // For each value, the function its flow stays in, when it stays in one.
    const confined = new Map<TSESTree.Node, FunctionNode | undefined>();
    const closes = closeIndex(records);
    const closesFor = (node: TSESTree.Node, all: readonly Pool[]): Iterable<Pool> => {
      const home = confined.get(node);
      return home ? closes.meeting(home) : all;
    };
    const values = new ValuesByPool();
    for (const source of findLazySources(records, sourceCode, settings, types, closesFor, helperCalls)) {
      const visited = new Set<TSESTree.Node>();
      const events = source.helper?.kind === 'reads'
        ? [helperReading(source.node)]
        : followLazyValue(source.node, source.poolItself, source.pool, sourceCode, settings.lazyFunctions, types, visited, false, source.thenable);
      if (!confined.has(source.node)) confined.set(source.node, confinedTo(source.node, visited, events));
      const findings = decide(source, events, sourceCode, settings, types);
      values.add(source, events, findings.length > 0);
      for (const finding of findings) {
        if (reported.has(finding.node)) continue;
        reported.add(finding.node);
        found.push({ finding, source });
      }
    }
    // Left open: judged once per value and pool, over every expression holding it, when nothing else was said of it.
    for (const { source, events } of values.unreported()) {
      const finding = leftOpenFinding(source, events, sourceCode, settings, types);
      if (!finding || reported.has(finding.node)) continue;
      reported.add(finding.node);
      found.push({ finding, source });
    }
  }
  return found;
}

/** The events of each value, by pool record: a submitted query's reads and its submitting call are one value. */
class ValuesByPool {
  private readonly byPool = new Map<Pool, Map<TSESTree.Node, { source?: LazySource; events: FlowEvent[]; reported: boolean }>>();

  add(source: LazySource, events: readonly FlowEvent[], reported: boolean): void {
    let values = this.byPool.get(source.pool);
    if (!values) {
      values = new Map();
      this.byPool.set(source.pool, values);
    }
    let value = values.get(source.value);
    if (!value) {
      value = { events: [], reported: false };
      values.set(source.value, value);
    }
    if (source.node === source.value) value.source = source;
    value.events.push(...events);
    value.reported ||= reported;
  }

  /** The values nothing was reported for, with the source that made each (its first expression). */
  *unreported(): Generator<{ source: LazySource; events: readonly FlowEvent[] }> {
    for (const values of this.byPool.values()) {
      for (const { source, events, reported } of values.values()) if (source && !reported) yield { source, events };
    }
  }
}
