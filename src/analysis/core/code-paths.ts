/**
 * Code-path reachability for explicit `close()` calls (kind 4 pools), on top
 * of ESLint's code-path analysis: which segments each node of interest runs
 * in, and whether a path leads from one node to another without passing a
 * re-creation of the pool binding. One forward walk over segments per set of
 * starting points (the closes, an origin), with a visited set, kept for every
 * later query about the same points, and taken in the order segments can run
 * in only as far as the queries need (segment-walks.ts): never enumerating
 * paths, and never crossing the rest of a function for a target near its close.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, isFunction } from './ast.js';
import { firstFrom, lastBefore, SegmentOrder } from './segment-order.js';
import { ForwardWalk, Labeling, type LabeledNode } from './segment-walks.js';

const PROCESS_EXITS: ReadonlySet<string> = new Set(['process.exit', 'Deno.exit']);

/**
 * `process.exit(…)` / `Deno.exit(…)` as a statement, or mocha's `this.skip()` (it throws to skip the test): no
 * path goes on after it.
 */
export function endsProcess(statement: TSESTree.ExpressionStatement): boolean {
  const call = statement.expression;
  // Cheap checks first: this runs on every expression statement of a file that calls a dispose method.
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const property = call.callee.property;
  if (property.type !== AST_NODE_TYPES.Identifier) return false;
  if (property.name === 'skip') return call.callee.object.type === AST_NODE_TYPES.ThisExpression && call.arguments.length === 0;
  if (property.name !== 'exit') return false;
  const path = calleePath(call.callee);
  return path !== undefined && PROCESS_EXITS.has(path);
}

type CodePath = TSESLint.CodePath;
type Segment = TSESLint.CodePathSegment;

interface Frame {
  codePath: CodePath;
  /**
   * Whether the segments of this code path are followed. A code path that holds no close is only told apart
   * from the others: every question starts at a close, and no walk leaves its code path.
   */
  tracked: boolean;
  /** The current segments: one mostly, a few in a `finally` block; a list costs less than a set at that size. */
  current: Segment[];
  /** Where a node placed now runs: the current segments, shared by every node placed until they change. */
  snapshot: Placement | undefined;
}

interface Placement {
  segments: Segment[];
  codePath: CodePath;
}

export type Reach = 'all' | 'some' | 'none';

/** Where a node of a code path whose segments are not followed runs: in that code path, in no segment of it. */
const NO_SEGMENTS: Segment[] = [];

export class CodePathTracker {
  private readonly frames: Frame[] = [];
  /**
   * The nodes recorded while the file is traversed, and where each runs, in two lists: a push costs less than a map
   * entry, and most files never ask where a node runs. The map is made on the first ask.
   */
  private readonly placedNodes: TSESTree.Node[] = [];
  private readonly placedAt: Placement[] = [];
  private placements: Map<TSESTree.Node, Placement> | undefined;
  private readonly walks = new Map<string, ForwardWalk>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  /** Every segment of every code path, to find each segment's predecessors. */
  private readonly segments: Segment[] = [];
  private predecessors: Map<Segment, Segment[]> | undefined;
  private segmentOrder: SegmentOrder | undefined;
  private readonly labelings = new Map<string, Labeling>();
  /** Statements that end the process: every forward walk stops there, as at a barrier. */
  private readonly exits: TSESTree.Node[] = [];

  /**
   * Listeners to merge into the rule's: they keep the current segments. `holdsClose`, when given, says whether
   * the code path of a function (or of the program, a field's initialiser, a static block) may hold a close:
   * the segments of the others are not followed.
   */
  listeners(holdsClose?: (node: TSESTree.Node) => boolean): Record<string, (...argument: never[]) => void> {
    const onStart = (segment: Segment): void => {
      const frame = this.frames.at(-1);
      if (!frame?.tracked) return;
      this.segments.push(segment);
      if (!frame.current.includes(segment)) frame.current.push(segment);
      frame.snapshot = undefined;
    };
    const onEnd = (segment: Segment): void => {
      const frame = this.frames.at(-1);
      if (!frame?.tracked) return;
      // Taken out in place, the order kept: the list holds a segment or a few.
      const current = frame.current;
      const at = current.indexOf(segment);
      if (at < 0) return;
      for (let index = at + 1; index < current.length; index++) current[index - 1] = current[index] as Segment;
      current.pop();
      frame.snapshot = undefined;
    };
    return {
      onCodePathStart: (codePath: CodePath, node: TSESTree.Node) => {
        // A function runs where it is created: placed in the code path around it, the frame on top until now.
        if (isFunction(node)) this.record(node);
        this.frames.push({ codePath, tracked: holdsClose?.(node) ?? true, current: [], snapshot: undefined });
      },
      onCodePathEnd: () => {
        this.frames.pop();
      },
      // Reachable segments only: code that never runs (after a `return`) is placed nowhere, so a close there
      // reaches nothing, and nothing there is reached. An unreachable segment may lead on to a reachable one.
      onCodePathSegmentStart: onStart,
      onCodePathSegmentEnd: onEnd,
    };
  }

  /** Remember where a statement that ends the process runs (`endsProcess`): no path from a close goes past it. */
  recordExit(statement: TSESTree.Node): void {
    this.record(statement);
    this.exits.push(statement);
  }

  /** Remember where `node` runs (a function's own node: where it is created, see `onCodePathStart`). */
  record(node: TSESTree.Node): void {
    const frame = this.frames.at(-1);
    if (!frame) return;
    frame.snapshot ??= { segments: frame.tracked ? frame.current.slice() : NO_SEGMENTS, codePath: frame.codePath };
    this.placedNodes.push(node);
    this.placedAt.push(frame.snapshot);
    // Recorded after a question: the map, once made, is kept up to date.
    this.placements?.set(node, frame.snapshot);
  }

  /**
   * Whether code paths lead from the end of one of `froms` (the closes) to
   * `to` without crossing a node in `barriers` (writes that re-create the
   * binding): 'all' when every path to `to` passes a close with no re-creation
   * after it, 'some' when only some do, 'none' when none do. With an
   * `origin` (where the value in question is made), only paths from it count
   * for 'some': a path that never made the value cannot misuse it.
   */
  reach(
    froms: readonly TSESTree.Node[],
    to: TSESTree.Node,
    barriers: readonly TSESTree.Node[],
    origin?: TSESTree.Node,
  ): Reach {
    const target = this.placementOf(to);
    if (!target) return 'none';
    const codePath = target.codePath;
    const reached = this.walked([codePath, this.keyOf(froms), this.keyOf(barriers)], () => {
      const starts: [Segment, number][] = [];
      for (const from of froms) {
        const placement = this.placementOf(from);
        if (placement?.codePath !== codePath) continue;
        for (const segment of placement.segments) starts.push([segment, from.range[1]]);
      }
      return new ForwardWalk(starts, this.cutsBySegment(barriers), this.order());
    });
    if (!target.segments.some((segment) => reached.includes(segment, to.range[0]))) return 'none';
    // Does some path reach `to` without passing a close: from the origin when it is known (the value exists
    // only on paths from there), else from the start or from a re-creation of the binding? A value made
    // inside `to` itself (`return pool.find()`) exists on every path that gets there.
    const overlaps = origin !== undefined && origin.range[0] < to.range[1] && to.range[0] < origin.range[1];
    const made = origin && !overlaps ? this.placementOf(origin) : undefined;
    const fromOrigin = made?.codePath === codePath ? origin : undefined;
    const unclosed = this.walked([codePath, this.keyOf(froms), this.keyOf(barriers), fromOrigin ?? codePath], () => {
      const fresh: [Segment, number][] =
        made && fromOrigin
          ? made.segments.map((segment): [Segment, number] => [segment, fromOrigin.range[1]])
          : [[codePath.initialSegment, -1]];
      for (const barrier of fromOrigin ? [] : barriers) {
        const placement = this.placementOf(barrier);
        if (placement?.codePath !== codePath) continue;
        for (const segment of placement.segments) fresh.push([segment, barrier.range[1]]);
      }
      return new ForwardWalk(fresh, this.cutsBySegment(froms), this.order());
    });
    return target.segments.some((segment) => unclosed.includes(segment, to.range[0])) ? 'some' : 'all';
  }

  /**
   * The first `limit` of `froms` (the closes, in source order) from whose end
   * a code path leads to `to` without crossing a node in `barriers`, by
   * index, and one more when there are more. Answers `reach(…) !== 'none'`
   * for each close at once: one forward labeling per set of closes and
   * barriers serves every target.
   */
  firstReaching(
    froms: readonly TSESTree.Node[],
    to: TSESTree.Node,
    barriers: readonly TSESTree.Node[],
    limit: number,
  ): number[] {
    const labeling = this.labeling('forward', froms, barriers, limit);
    const target = this.placementOf(to);
    if (!target) return [];
    const offset = to.range[0];
    const found: (readonly number[])[] = [];
    for (const segment of target.segments) {
      const cuts = labeling.cuts.get(segment);
      // Labels at the segment's entry hold up to its first barrier; closes in it, from their end to the next one.
      if (firstFrom(cuts, -1) > offset) found.push(labeling.labelsOf(segment));
      const barrier = lastBefore(cuts, offset + 1);
      found.push(labeling.starts.get(segment)?.between(barrier, offset, limit + 1) ?? []);
    }
    return smallest(found, limit + 1);
  }

  /**
   * The first `limit` of `tos` (the closes, in source order) that a code path
   * from the end of `from` leads to, by index, and one more when there are
   * more: `reach([from], to, []) !== 'none'` for each close at once, from one
   * backward labeling per set of closes.
   */
  firstAhead(from: TSESTree.Node, tos: readonly TSESTree.Node[], limit: number): number[] {
    const labeling = this.labeling('backward', tos, [], limit);
    const placement = this.placementOf(from);
    if (!placement) return [];
    const found: (readonly number[])[] = [];
    for (const segment of placement.segments) {
      found.push(labeling.labelsOf(segment));
      found.push(labeling.starts.get(segment)?.between(from.range[1], Infinity, limit + 1, true) ?? []);
    }
    return smallest(found, limit + 1);
  }

  /**
   * Labels each segment with the first `limit + 1` of `nodes` (by index)
   * that reach its entry (forward, stopping at barriers) or that its exit
   * leads to (backward): see `Labeling`, made once per set of nodes and
   * barriers, and worked out only as far as the questions asked reach.
   */
  private labeling(
    direction: 'forward' | 'backward',
    nodes: readonly TSESTree.Node[],
    barriers: readonly TSESTree.Node[],
    limit: number,
  ): Labeling {
    const key = [direction, String(limit), this.keyOf(nodes), this.keyOf(barriers)]
      .map((part) => (typeof part === 'string' ? part : String(this.idOf(part))))
      .join(' ');
    const known = this.labelings.get(key);
    if (known) return known;
    const cuts = direction === 'forward' ? this.cutsBySegment(barriers) : this.offsetsBySegment(barriers);
    const placed = nodes.map((node): LabeledNode | undefined => {
      const placement = this.placementOf(node);
      return placement && { segments: placement.segments, offset: direction === 'forward' ? node.range[1] : node.range[0] };
    });
    const neighbours =
      direction === 'forward' ? (segment: Segment): readonly Segment[] => segment.nextSegments : (segment: Segment) => this.predecessorsOf(segment);
    const made = new Labeling(direction, placed, cuts, limit + 1, this.order(), neighbours);
    this.labelings.set(key, made);
    return made;
  }

  /** The order segments can run in, made on the first question (every code path has ended by then but the program's). */
  private order(): SegmentOrder {
    this.segmentOrder ??= new SegmentOrder(this.segments);
    return this.segmentOrder;
  }

  private predecessorsOf(segment: Segment): readonly Segment[] {
    if (!this.predecessors) {
      this.predecessors = new Map();
      for (const before of this.segments) {
        for (const after of before.nextSegments) {
          const list = this.predecessors.get(after) ?? [];
          list.push(before);
          this.predecessors.set(after, list);
        }
      }
    }
    return this.predecessors.get(segment) ?? [];
  }

  /**
   * A walk's result, computed once per key: every report, message and timing
   * asks about the same closes and barriers, only with another target.
   */
  private walked(key: readonly unknown[], compute: () => ForwardWalk): ForwardWalk {
    const text = key.map((part) => (typeof part === 'string' ? part : String(this.idOf(part as object)))).join(' ');
    let reached = this.walks.get(text);
    if (!reached) {
      reached = compute();
      this.walks.set(text, reached);
    }
    return reached;
  }

  /** A key for a list of nodes: the node itself for one, the list (never changed once made) for more. */
  private keyOf(nodes: readonly TSESTree.Node[]): object | string {
    if (nodes.length === 0) return 'none';
    return nodes.length === 1 && nodes[0] ? nodes[0] : nodes;
  }

  private idOf(value: object): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(value, id);
    }
    return id;
  }

  /**
   * Where `node` runs: its own placement, or that of the nearest recorded
   * statement (or function) around it. Only statements, functions and dispose
   * calls are recorded: far fewer than nodes, and a statement's segments are
   * those its expressions run in, but for the rare branch inside one expression.
   */
  private placementOf(node: TSESTree.Node): Placement | undefined {
    let placements = this.placements;
    if (!placements) {
      placements = new Map();
      // In the order recorded: a node recorded twice keeps its last placement, as a map set twice would.
      for (let index = 0; index < this.placedNodes.length; index++) {
        placements.set(this.placedNodes[index] as TSESTree.Node, this.placedAt[index] as Placement);
      }
      this.placements = placements;
    }
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      const placement = placements.get(current);
      if (placement) return placement;
    }
    return undefined;
  }

  /** Where forward walks stop in each segment: at `nodes` and at the statements that end the process. */
  private cutsBySegment(nodes: readonly TSESTree.Node[]): Map<Segment, number[]> {
    return this.offsetsBySegment(this.exits.length === 0 ? nodes : [...nodes, ...this.exits]);
  }

  /** The offsets of `nodes` in each segment, sorted. */
  private offsetsBySegment(nodes: readonly TSESTree.Node[]): Map<Segment, number[]> {
    const cuts = new Map<Segment, number[]>();
    for (const node of nodes) {
      const placement = this.placementOf(node);
      if (!placement) continue;
      for (const segment of placement.segments) {
        const list = cuts.get(segment) ?? [];
        list.push(node.range[0]);
        cuts.set(segment, list);
      }
    }
    for (const list of cuts.values()) list.sort((a, b) => a - b);
    return cuts;
  }
}

/** The smallest `count` numbers of some ascending lists, without repeats. */
function smallest(lists: readonly (readonly number[])[], count: number): number[] {
  const all = [...new Set(lists.flat())].sort((a, b) => a - b);
  return all.slice(0, count);
}
