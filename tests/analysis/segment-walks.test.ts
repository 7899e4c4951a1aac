import fc from 'fast-check';
import type { TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { RankQueue, SegmentOrder } from '../../src/analysis/core/segment-order.js';
import { ForwardWalk, Labeling, type LabeledNode } from '../../src/analysis/core/segment-walks.js';

// The walks over code-path segments that answer the explicit closes' questions
// (core/segment-order.ts, core/segment-walks.ts), on segment graphs made by
// hand and at random: the same answers as a plain flood over the whole graph,
// in any order of questions, and no more of the graph walked than the
// questions need.

type Segment = TSESLint.CodePathSegment;

/** Segments 0 … count - 1 with the given edges; `reads` counts each look at a segment's `nextSegments`. */
function graph(count: number, edges: readonly (readonly [number, number])[]) {
  const reads = { count: 0 };
  const next: Segment[][] = Array.from({ length: count }, () => []);
  const segments = Array.from(
    { length: count },
    (_, index) =>
      ({
        id: `s${String(index)}`,
        get nextSegments() {
          reads.count++;
          return next[index];
        },
      }) as unknown as Segment,
  );
  for (const [from, to] of edges) {
    const list = next[from] as Segment[];
    if (!list.includes(segments[to] as Segment)) list.push(segments[to] as Segment);
  }
  return { segments, next, reads };
}

const at = (segments: readonly Segment[], index: number): Segment => segments[index] as Segment;

/** The offsets reached in each segment by a plain flood: the meaning of ForwardWalk. */
function floodWalk(starts: readonly [Segment, number][], cuts: ReadonlyMap<Segment, number[]>, next: (segment: Segment) => readonly Segment[]) {
  const reached = new Map<Segment, [number, number][]>();
  const entered = new Set<Segment>();
  const queue = [...starts];
  for (let item = queue.pop(); item; item = queue.pop()) {
    const [segment, from] = item;
    if (from < 0) {
      if (entered.has(segment)) continue;
      entered.add(segment);
    }
    const cut = (cuts.get(segment) ?? []).find((offset) => offset >= from) ?? Infinity;
    reached.set(segment, [...(reached.get(segment) ?? []), [from, cut]]);
    if (cut === Infinity) for (const following of next(segment)) queue.push([following, -1]);
  }
  return (segment: Segment, offset: number) => (reached.get(segment) ?? []).some(([from, until]) => from < offset && offset < until);
}

/** The labels of a plain flood per node, in index order: the meaning of Labeling. */
function floodLabels(
  direction: 'forward' | 'backward',
  nodes: readonly LabeledNode[],
  cuts: ReadonlyMap<Segment, number[]>,
  size: number,
  neighbours: (segment: Segment) => readonly Segment[],
  next: (segment: Segment) => readonly Segment[],
) {
  const labels = new Map<Segment, number[]>();
  const passes = (segment: Segment) => (cuts.get(segment) ?? []).length === 0;
  nodes.forEach((node, index) => {
    for (const segment of node.segments) {
      if (direction === 'forward' && (cuts.get(segment) ?? []).some((offset) => offset >= node.offset)) continue;
      const pending = [...(direction === 'forward' ? next(segment) : neighbours(segment))];
      for (let current = pending.pop(); current; current = pending.pop()) {
        const list = labels.get(current) ?? [];
        if (list.at(-1) === index || list.length >= size) continue;
        list.push(index);
        labels.set(current, list);
        if (direction === 'backward' || passes(current)) pending.push(...neighbours(current));
      }
    }
  });
  return labels;
}

/** Random segment graphs: edges forward in index order, some back (loops), some segments cut. */
const randomGraph = fc
  .integer({ min: 1, max: 14 })
  .chain((count) =>
    fc.record({
      count: fc.constant(count),
      forward: fc.array(fc.tuple(fc.nat(count - 1), fc.nat(count - 1)), { maxLength: 3 * count }),
      back: fc.array(fc.tuple(fc.nat(count - 1), fc.nat(count - 1)), { maxLength: 3 }),
      cuts: fc.array(fc.tuple(fc.nat(count - 1), fc.integer({ min: 0, max: 99 })), { maxLength: count }),
      nodes: fc.array(fc.tuple(fc.nat(count - 1), fc.integer({ min: 0, max: 99 })), { minLength: 1, maxLength: 6 }),
      questions: fc.array(fc.tuple(fc.nat(count - 1), fc.integer({ min: -1, max: 100 })), { minLength: 1, maxLength: 12 }),
      size: fc.integer({ min: 1, max: 4 }),
    }),
  )
  .map((drawn) => {
    const edges = [
      ...drawn.forward.map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]).filter(([a, b]) => a !== b),
      ...drawn.back.map(([a, b]): [number, number] => [Math.max(a, b), Math.min(a, b)]),
    ];
    const built = graph(drawn.count, edges);
    const cuts = new Map<Segment, number[]>();
    for (const [index, offset] of drawn.cuts) {
      const segment = at(built.segments, index);
      cuts.set(segment, [...(cuts.get(segment) ?? []), offset].sort((x, y) => x - y));
    }
    const predecessors = new Map<Segment, Segment[]>();
    for (const [from, to] of edges) {
      const list = predecessors.get(at(built.segments, to)) ?? [];
      if (!list.includes(at(built.segments, from))) list.push(at(built.segments, from));
      predecessors.set(at(built.segments, to), list);
    }
    return { ...drawn, ...built, cuts, predecessors };
  });

describe('segment order', () => {
  it('ranks every edge upward, a loop as one rank', () => {
    fc.assert(
      fc.property(randomGraph, ({ segments, next }) => {
        const order = new SegmentOrder(segments);
        const reaches = (from: number, to: number): boolean => {
          const seen = new Set<number>([from]);
          const pending = [from];
          for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
            for (const following of next[current] ?? []) {
              const index = segments.indexOf(following);
              if (index === to) return true;
              if (seen.has(index)) continue;
              pending.push(index);
              seen.add(index);
            }
          }
          return false;
        };
        segments.forEach((segment, index) => {
          for (const following of next[index] ?? []) expect(order.rank(following)).toBeGreaterThanOrEqual(order.rank(segment));
          segments.forEach((other, otherIndex) => {
            const same = index === otherIndex || (reaches(index, otherIndex) && reaches(otherIndex, index));
            expect(order.rank(segment) === order.rank(other)).toBe(same);
          });
          expect(order.members(order.rank(segment))).toContain(segment);
          expect(order.cyclic(order.rank(segment))).toBe(reaches(index, index));
        });
      }),
    );
  });

  it('orders a code path of 100,000 segments without deep recursion, and knows no other segment', () => {
    const count = 100_000;
    const { segments } = graph(
      count,
      Array.from({ length: count - 1 }, (_, index): [number, number] => [index, index + 1]),
    );
    const order = new SegmentOrder([at(segments, 0)]);
    expect(order.rank(at(segments, count - 1))).toBe(count - 1);
    expect(order.rank(graph(1, []).segments[0] as Segment)).toBe(Infinity);
  });
});

describe('rank queue', () => {
  it('gives its items back smallest rank first', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), (ranks) => {
        const queue = new RankQueue<number>();
        for (const rank of ranks) queue.push(rank, rank);
        const out: number[] = [];
        while (queue.size > 0) {
          expect(queue.peek()).toBe(queue.peek());
          out.push(queue.pop() as number);
        }
        expect(out).toEqual([...ranks].sort((a, b) => a - b));
        expect(queue.peek()).toBe(Infinity);
      }),
    );
  });
});

describe('forward walk', () => {
  it('answers as a flood over the whole graph, whatever the order of the questions', () => {
    fc.assert(
      fc.property(randomGraph, ({ segments, next, cuts, nodes, questions }) => {
        const starts = nodes.map(([index, offset]): [Segment, number] => [at(segments, index), offset]);
        starts.push([at(segments, 0), -1]);
        const order = new SegmentOrder(segments);
        const walk = new ForwardWalk(starts, cuts, order);
        const expected = floodWalk(starts, cuts, (segment) => next[segments.indexOf(segment)] ?? []);
        for (const [index, offset] of questions) {
          expect(walk.includes(at(segments, index), offset)).toBe(expected(at(segments, index), offset));
        }
      }),
    );
  });

  it('walks no further than the segment asked about', () => {
    const count = 10_000;
    const { segments, reads } = graph(
      count,
      Array.from({ length: count - 1 }, (_, index): [number, number] => [index, index + 1]),
    );
    const order = new SegmentOrder(segments);
    reads.count = 0;
    const walk = new ForwardWalk([[at(segments, 100), 5]], new Map(), order);
    expect(walk.includes(at(segments, 103), 0)).toBe(true);
    expect(walk.includes(at(segments, 99), 0)).toBe(false);
    expect(reads.count).toBeLessThan(10);
    expect(walk.includes(at(segments, count - 1), 0)).toBe(true);
    expect(reads.count).toBeGreaterThan(count - 200);
  });
});

describe('labeling', () => {
  it('labels each segment with the smallest nodes that reach it, as a flood of each node in turn', () => {
    fc.assert(
      fc.property(randomGraph, fc.boolean(), ({ segments, next, predecessors, cuts, nodes, questions, size }, forward) => {
        const direction = forward ? 'forward' : 'backward';
        const placed = nodes.map(([index, offset]): LabeledNode => ({ segments: [at(segments, index)], offset }));
        const useCuts = forward ? cuts : new Map<Segment, number[]>();
        const nextOf = (segment: Segment) => next[segments.indexOf(segment)] ?? [];
        const neighbours = forward ? nextOf : (segment: Segment) => predecessors.get(segment) ?? [];
        const labeling = new Labeling(direction, placed, useCuts, size, new SegmentOrder(segments), neighbours);
        const expected = floodLabels(direction, placed, useCuts, size, neighbours, nextOf);
        for (const [index] of questions) {
          expect(labeling.labelsOf(at(segments, index))).toEqual(expected.get(at(segments, index)) ?? []);
        }
      }),
    );
  });

  it('works out no more of the graph than the segments asked about need', () => {
    const count = 10_000;
    const edges = Array.from({ length: count - 1 }, (_, index): [number, number] => [index, index + 1]);
    const { segments, reads } = graph(count, edges);
    const order = new SegmentOrder(segments);
    const predecessors = (segment: Segment) => {
      const index = segments.indexOf(segment);
      return index > 0 ? [at(segments, index - 1)] : [];
    };
    reads.count = 0;
    const forward = new Labeling('forward', [{ segments: [at(segments, 500)], offset: 1 }], new Map(), 4, order, (segment) => segment.nextSegments);
    expect(forward.labelsOf(at(segments, 502))).toEqual([0]);
    expect(forward.labelsOf(at(segments, 500))).toEqual([]);
    expect(reads.count).toBeLessThan(10);
    const searched = { count: 0 };
    const backward = new Labeling('backward', [{ segments: [at(segments, 9_000)], offset: 1 }], new Map(), 4, order, (segment) => {
      searched.count++;
      return predecessors(segment);
    });
    expect(backward.labelsOf(at(segments, 8_998))).toEqual([0]);
    expect(backward.labelsOf(at(segments, 9_000))).toEqual([]);
    expect(searched.count).toBeLessThan(10);
    expect(backward.labelsOf(at(segments, 0))).toEqual([0]);
    expect(searched.count).toBeGreaterThan(8_900);
  });

  it("takes each label round a loop once, whatever order the loop's segments are held in", () => {
    const count = 10_000;
    const edges = Array.from({ length: count }, (_, index): [number, number] => [index, (index + 1) % count]);
    const { segments } = graph(count, edges);
    const order = new SegmentOrder(segments);
    expect(order.cyclic(order.rank(at(segments, 0)))).toBe(true);
    const looked = { count: 0 };
    const nodes = [0, 5_000, 9_999].map((index): LabeledNode => ({ segments: [at(segments, index)], offset: 1 }));
    const labeling = new Labeling('forward', nodes, new Map(), 2, order, (segment) => {
      looked.count++;
      return segment.nextSegments;
    });
    expect(labeling.labelsOf(at(segments, 1))).toEqual([0, 1]);
    expect(labeling.labelsOf(at(segments, 9_999))).toEqual([0, 1]);
    expect(labeling.labelsOf(at(segments, 0))).toEqual([0, 1]);
    expect(looked.count).toBeLessThan(5 * count);
  });
});
