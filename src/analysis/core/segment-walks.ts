/**
 * Walks over code-path segments from a set of starting points, taken in the
 * order of `SegmentOrder` and only as far as the questions asked need: a
 * question about a segment finishes the walk up to that segment's rank, no
 * further. The walk from a close that is asked only about the statements
 * right after it stops there, instead of crossing every later segment of the
 * function: a function of n clients, each closed and then read, costs n
 * short walks, not n walks to the end of the function.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { firstFrom, firstIndexFrom, RankQueue, type SegmentOrder } from './segment-order.js';

type Segment = TSESLint.CodePathSegment;

/** Offsets reached in each segment, as intervals `(from, until)`. */
class Intervals {
  private readonly froms: number[] = [];
  private readonly untils: number[] = [];
  add(from: number, until: number): void {
    this.froms.push(from);
    this.untils.push(until);
  }
  includes(offset: number): boolean {
    return this.froms.some((from, index) => from < offset && offset < (this.untils[index] ?? -Infinity));
  }
}

/**
 * A forward walk from `starts` (a segment and an offset in it; -1 for its
 * entry) along `nextSegments`, each segment up to its first cut after where
 * the walk enters it, and on to the next segments when no cut stops it.
 */
export class ForwardWalk {
  private readonly reached = new Map<Segment, Intervals>();
  private readonly entered = new Set<Segment>();
  private readonly queue = new RankQueue<[Segment, number]>();

  constructor(
    starts: readonly [Segment, number][],
    private readonly cuts: ReadonlyMap<Segment, number[]>,
    private readonly order: SegmentOrder,
  ) {
    for (const start of starts) this.queue.push(order.rank(start[0]), start);
  }

  /** Whether the walk reaches `offset` in `segment`. */
  includes(segment: Segment, offset: number): boolean {
    this.advance(this.order.rank(segment));
    return this.reached.get(segment)?.includes(offset) ?? false;
  }

  private advance(rank: number): void {
    while (this.queue.peek() <= rank) {
      const next = this.queue.pop();
      if (!next) break;
      const [segment, from] = next;
      if (from < 0) {
        if (this.entered.has(segment)) continue;
        this.entered.add(segment);
      }
      const cut = firstFrom(this.cuts.get(segment), from);
      let intervals = this.reached.get(segment);
      if (!intervals) {
        intervals = new Intervals();
        this.reached.set(segment, intervals);
      }
      intervals.add(from, cut);
      if (cut !== Infinity) continue;
      for (const following of segment.nextSegments) {
        if (!this.entered.has(following)) this.queue.push(this.order.rank(following), [following, -1]);
      }
    }
  }
}

/** The nodes placed in one segment: offsets ascending, with their indices (ascending too: both follow the source). */
export class Starts {
  private readonly offsets: number[] = [];
  private readonly indices: number[] = [];
  add(offset: number, index: number): void {
    this.offsets.push(offset);
    this.indices.push(index);
  }
  /** The indices of the first `count` nodes placed strictly after `after` and before `before` (or at `before`, `inclusive`). */
  between(after: number, before: number, count: number, inclusive = false): number[] {
    const found: number[] = [];
    for (let at = firstIndexFrom(this.offsets, after + 1); at < this.offsets.length && found.length < count; at++) {
      const offset = this.offsets[at] ?? Infinity;
      if (offset > before || (!inclusive && offset === before)) break;
      found.push(this.indices[at] ?? 0);
    }
    return found;
  }
}

/** Where the labeled nodes are: for each, by index, its segments and its offset in them. */
export interface LabeledNode {
  segments: readonly Segment[];
  offset: number;
}

/**
 * Labels each segment with the first `size` of some nodes (by index, the
 * smallest) that reach its entry (forward: from a node's offset, stopping at
 * the cuts) or that its exit leads to (backward: to a node's segment, with no
 * cuts). Per-segment state in one pass in rank order (backward: from the
 * highest rank down): a segment's labels are the smallest of those its
 * neighbours pass on, and within a loop each label goes round once, the
 * smallest first (see `settleLoop`); each segment is worked on once, or a few
 * times in a loop.
 */
export class Labeling {
  /** Forward: the nodes that reach the segment's entry; backward: those its exit leads to. Indices, ascending. */
  readonly labels = new Map<Segment, number[]>();
  /** The nodes placed in each segment. */
  readonly starts = new Map<Segment, Starts>();
  /** What each segment passes on of its own: the nodes placed in it (forward: those no cut follows). */
  private readonly own = new Map<Segment, number[]>();
  private readonly queue = new RankQueue<number>();
  private readonly queued = new Set<number>();
  /** The rank up to which every segment's labels are final (backward: down to which). */
  private done: number;

  constructor(
    private readonly direction: 'forward' | 'backward',
    nodes: readonly (LabeledNode | undefined)[],
    /** The cuts' offsets in each segment, sorted (none backward). */
    readonly cuts: ReadonlyMap<Segment, number[]>,
    private readonly size: number,
    private readonly order: SegmentOrder,
    private readonly neighbours: (segment: Segment) => readonly Segment[],
  ) {
    this.done = direction === 'forward' ? -1 : Infinity;
    nodes.forEach((node, index) => {
      if (!node) return;
      for (const segment of node.segments) {
        const list = this.starts.get(segment) ?? new Starts();
        list.add(node.offset, index);
        this.starts.set(segment, list);
        // Forward: on from the node's end unless a cut follows it in its segment. Backward: to every predecessor.
        if (direction === 'forward' && firstFrom(cuts.get(segment), node.offset) !== Infinity) continue;
        const own = this.own.get(segment) ?? [];
        if (own.at(-1) !== index) own.push(index);
        this.own.set(segment, own);
        this.enqueue(order.rank(segment));
      }
    });
  }

  /** The labels of `segment`, final. */
  labelsOf(segment: Segment): readonly number[] {
    const rank = this.order.rank(segment);
    if (this.direction === 'forward') this.advance(rank);
    else this.advance(rank === Infinity ? -Infinity : rank);
    return this.labels.get(segment) ?? [];
  }

  private key(rank: number): number {
    return this.direction === 'forward' ? rank : -rank;
  }

  private enqueue(rank: number): void {
    if (this.queued.has(rank)) return;
    this.queued.add(rank);
    this.queue.push(this.key(rank), rank);
  }

  /** Works on every queued rank up to `rank` (backward: down to it). */
  private advance(rank: number): void {
    const bound = this.key(rank);
    if (this.key(this.done) >= bound) return;
    while (this.queue.peek() <= bound) {
      const next = this.queue.pop();
      if (next !== undefined) this.settle(next);
    }
    this.done = rank;
  }

  /** What `segment` passes on to its neighbours: its labels (forward: when no cut stops them) and its own nodes. */
  private passedOn(segment: Segment): readonly number[] {
    const labels = this.labels.get(segment) ?? [];
    const passes = this.direction === 'backward' || firstFrom(this.cuts.get(segment), -1) === Infinity;
    return smallest(passes ? labels : [], this.own.get(segment) ?? [], this.size);
  }

  /** The segments of one rank: their labels, from those they got, are passed on within a loop, then beyond. */
  private settle(rank: number): void {
    if (rank === Infinity) return;
    const members = this.order.members(rank);
    if (this.order.cyclic(rank)) this.settleLoop(rank, members);
    for (const segment of members) {
      const passed = this.passedOn(segment);
      if (passed.length === 0) continue;
      for (const neighbour of this.neighbours(segment)) {
        const other = this.order.rank(neighbour);
        if (other === rank) continue;
        this.receive(neighbour, passed);
        this.enqueue(other);
      }
    }
  }

  /**
   * The segments of a loop, their labels from outside it known: each label
   * its segments pass on is taken round the loop, the smallest first, as far
   * as it gets (a segment that has it, or has `size` smaller ones, stops it).
   * A segment takes in at most `size` labels, so each edge of the loop is
   * followed a few times at most, never once per round of a fixed point.
   */
  private settleLoop(rank: number, members: readonly Segment[]): void {
    const from = new Map<number, Segment[]>();
    for (const segment of members) {
      for (const label of this.passedOn(segment)) {
        const list = from.get(label);
        if (list) list.push(segment);
        else from.set(label, [segment]);
      }
    }
    for (const label of [...from.keys()].sort((a, b) => a - b)) {
      const pending: Segment[] = [];
      for (const segment of from.get(label) ?? []) pending.push(...this.neighbours(segment));
      for (let segment = pending.pop(); segment; segment = pending.pop()) {
        if (this.order.rank(segment) !== rank) continue;
        const labels = this.labels.get(segment) ?? [];
        if (labels.includes(label) || (labels.length >= this.size && (labels[this.size - 1] ?? Infinity) < label)) continue;
        this.labels.set(segment, smallest(labels, [label], this.size));
        if (this.direction === 'backward' || firstFrom(this.cuts.get(segment), -1) === Infinity) pending.push(...this.neighbours(segment));
      }
    }
  }

  /** Adds `passed` to the segment's labels, keeping the smallest `size`; whether they changed. */
  private receive(segment: Segment, passed: readonly number[]): boolean {
    const before = this.labels.get(segment) ?? [];
    const after = smallest(before, passed, this.size);
    if (after.length === before.length && after.every((label, index) => label === before[index])) return false;
    this.labels.set(segment, after);
    return true;
  }
}

/** The smallest `count` numbers of two ascending lists, without repeats. */
function smallest(a: readonly number[], b: readonly number[], count: number): number[] {
  if (b.length === 0 && a.length <= count) return a as number[];
  if (a.length === 0 && b.length <= count) return b as number[];
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (merged.length < count && (i < a.length || j < b.length)) {
    const x = a[i] ?? Infinity;
    const y = b[j] ?? Infinity;
    const next = x <= y ? x : y;
    if (x <= y) i++;
    if (y <= x) j++;
    merged.push(next);
  }
  return merged;
}
