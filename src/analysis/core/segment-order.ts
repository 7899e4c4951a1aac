/**
 * The order in which code-path segments can run: each segment's rank in a
 * topological order of the strongly connected components of the segment
 * graph (a loop's segments make one component, with one rank). Every edge
 * leads to a rank at least as high, so a walk that takes its segments in rank
 * order has seen everything that leads to a segment once it has taken every
 * rank up to that segment's: a question about one target needs the walk only
 * that far, and the next question goes on from there. One pass over the
 * segments of the file (Tarjan's algorithm, without recursion: a code path of
 * thousands of segments would overflow the stack), made on the first question.
 */
import type { TSESLint } from '@typescript-eslint/utils';

type Segment = TSESLint.CodePathSegment;

export class SegmentOrder {
  private readonly ranks = new Map<Segment, number>();
  private readonly components: Segment[][] = [];

  /** The order of `roots` and of every segment they lead to. */
  constructor(roots: readonly Segment[]) {
    const index = new Map<Segment, number>();
    const low = new Map<Segment, number>();
    const stack: Segment[] = [];
    const onStack = new Set<Segment>();
    // Completed components come sinks first: the reverse of a topological order.
    const completed: Segment[][] = [];
    const visit = (segment: Segment): void => {
      index.set(segment, index.size);
      low.set(segment, index.size - 1);
      stack.push(segment);
      onStack.add(segment);
    };
    for (const root of roots) {
      if (index.has(root)) continue;
      visit(root);
      const work: [Segment, number][] = [[root, 0]];
      while (work.length > 0) {
        const top = work[work.length - 1] as [Segment, number];
        const [segment, next] = top;
        const following = segment.nextSegments[next];
        if (following) {
          top[1] = next + 1;
          if (!index.has(following)) {
            visit(following);
            work.push([following, 0]);
          } else if (onStack.has(following)) {
            low.set(segment, Math.min(low.get(segment) ?? 0, index.get(following) ?? 0));
          }
          continue;
        }
        work.pop();
        const parent = work[work.length - 1]?.[0];
        if (parent) low.set(parent, Math.min(low.get(parent) ?? 0, low.get(segment) ?? 0));
        if (low.get(segment) !== index.get(segment)) continue;
        const component: Segment[] = [];
        for (let member = stack.pop(); member; member = stack.pop()) {
          onStack.delete(member);
          component.push(member);
          if (member === segment) break;
        }
        completed.push(component);
      }
    }
    for (let at = completed.length - 1; at >= 0; at--) {
      const component = completed[at] as Segment[];
      for (const segment of component) this.ranks.set(segment, this.components.length);
      this.components.push(component);
    }
  }

  /** The segment's rank; Infinity for a segment the order does not hold (a walk then goes to the end for it). */
  rank(segment: Segment): number {
    return this.ranks.get(segment) ?? Infinity;
  }

  /** The segments of one rank. */
  members(rank: number): readonly Segment[] {
    return this.components[rank] ?? [];
  }

  /** Whether a path leads from a segment of this rank back to one of the same rank (a loop). */
  cyclic(rank: number): boolean {
    const members = this.members(rank);
    return members.length > 1 || (members[0]?.nextSegments.includes(members[0]) ?? false);
  }
}

/** A binary heap of items by rank, the smallest first. */
export class RankQueue<T> {
  private readonly ranks: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The smallest rank queued, Infinity when none is. */
  peek(): number {
    return this.ranks[0] ?? Infinity;
  }

  push(rank: number, item: T): void {
    let at = this.items.length;
    this.ranks.push(rank);
    this.items.push(item);
    while (at > 0) {
      const parent = (at - 1) >>> 1;
      if ((this.ranks[parent] ?? 0) <= rank) break;
      this.move(parent, at);
      at = parent;
    }
    this.ranks[at] = rank;
    this.items[at] = item;
  }

  /** The item of the smallest rank, taken out. */
  pop(): T | undefined {
    const first = this.items[0];
    const lastRank = this.ranks.pop();
    const last = this.items.pop() as T;
    if (this.items.length === 0 || lastRank === undefined) return first;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.items.length) break;
      const right = left + 1;
      const child = right < this.items.length && (this.ranks[right] ?? 0) < (this.ranks[left] ?? 0) ? right : left;
      if ((this.ranks[child] ?? 0) >= lastRank) break;
      this.move(child, at);
      at = child;
    }
    this.ranks[at] = lastRank;
    this.items[at] = last;
    return first;
  }

  private move(from: number, to: number): void {
    this.ranks[to] = this.ranks[from] ?? 0;
    this.items[to] = this.items[from] as T;
  }
}

/** The index of the first of the sorted `offsets` at or after `from`. */
export function firstIndexFrom(offsets: readonly number[], from: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((offsets[middle] ?? Infinity) < from) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first of the sorted `offsets` at or after `from`, or Infinity. */
export function firstFrom(offsets: readonly number[] | undefined, from: number): number {
  return offsets ? (offsets[firstIndexFrom(offsets, from)] ?? Infinity) : Infinity;
}

/** The last of the sorted `offsets` before `before`, or -Infinity. */
export function lastBefore(offsets: readonly number[] | undefined, before: number): number {
  return offsets ? (offsets[firstIndexFrom(offsets, before) - 1] ?? -Infinity) : -Infinity;
}
