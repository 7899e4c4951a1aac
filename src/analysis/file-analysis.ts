/**
 * One analysis per file, for both rules. The text prefilter, the candidates
 * collected while ESLint traverses the file (`using` declarations, `try`
 * statements with a `finally`, dispose-call statements, scoped-factory
 * calls), the code paths and the pools are computed once per file: the first
 * rule whose `create()` runs on a file records them, and the other reads what
 * it recorded (the listeners and `Program:exit` hold it from then on). Each
 * rule then asks for its own findings, also computed once.
 *
 * Two rules share a recording when their options find the same candidates:
 * the same dispose methods and scoped factories. Otherwise each records its own.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { CodePathTracker, endsProcess } from './core/code-paths.js';
import { handedOverByName } from './core/function-calls.js';
import { invocationOf } from './core/invocation.js';
import type { Settings } from './core/options.js';
import { holdsSite, noteDisposeSites, scanText, type TextMarkers } from './core/text-prefilter.js';
import type { TypeOracle } from './core/types.js';
import { disposeCallOf, disposeCallOfArrow } from './pools/dispose-calls.js';
import { mayHaveClosingHelpers } from './pools/dispose-helpers.js';
import { isScopedFactoryCall } from './pools/factory-pools.js';
import { isInsideFinally } from './pools/finally-pools.js';
import { findPools, hasCandidates, type PoolCandidates } from './pools/find-pools.js';
import type { Pool } from './pools/pools.js';

export interface FileAnalysis {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** The settings of the rule that recorded: the ones the candidates were found with. */
  readonly settings: Settings;
  readonly markers: TextMarkers;
  readonly candidates: PoolCandidates;
  readonly tracker: CodePathTracker;
  /** Every pool of the file, found on the first ask (after the traversal). */
  pools(): readonly Pool[];
  /** A rule's findings for its settings, computed once per file. */
  findingsOf<T>(rule: string, settings: Settings, compute: () => T): T;
}

/** What makes two settings find the same candidates and pools. */
const recordingKeys = new WeakMap<Settings, string>();
/** The last settings asked about and their key: one configuration's settings come file after file. */
let lastKeyed: { settings: Settings; key: string } | undefined;
function recordingKey(settings: Settings): string {
  if (lastKeyed?.settings === settings) return lastKeyed.key;
  let key = recordingKeys.get(settings);
  if (key === undefined) {
    key = JSON.stringify([
      [...settings.disposeMethods].sort(),
      [...settings.scopedFactoryNames].sort(),
      settings.scopedFactoryMethods.map((entry) => `${entry.object}.${entry.method}`).sort(),
    ]);
    recordingKeys.set(settings, key);
  }
  lastKeyed = { settings, key };
  return key;
}

/*
 * ESLint calls every rule's `create()` for one file one after another, before it traverses the file: the second
 * rule finds what the first recorded in the file's slot, without a map keyed by files. A file of another rule set
 * run in between (none that ESLint makes) would only cost a second recording.
 */

/**
 * The last file found to hold no pool, and the recording key it was scanned with: the other rule's `create()`
 * for the same file reads it instead of scanning again. Most files hold no pool, and they cost nothing more than
 * their scan: no analysis object, no tracker, no map entry.
 */
let emptyFile: object | undefined;
let emptyKey: string | undefined;

/** The last file found to hold a possible pool, and its analyses by recording key. */
let recorded: { sourceCode: object; byKey: Map<string, FileAnalysis> } | undefined;

function newAnalysis(sourceCode: Readonly<TSESLint.SourceCode>, settings: Settings, markers: TextMarkers): FileAnalysis {
  const candidates: PoolCandidates = { usingDeclarations: [], tryStatements: [], closes: [], factoryCalls: [] };
  const tracker = new CodePathTracker();
  let pools: Pool[] | undefined;
  const results = new Map<string, WeakMap<Settings, { value: unknown }>>();
  return {
    sourceCode,
    settings,
    markers,
    candidates,
    tracker,
    pools: () => (pools ??= hasCandidates(candidates) ? findPools(candidates, tracker, sourceCode, settings) : []),
    findingsOf<T>(rule: string, ruleSettings: Settings, compute: () => T): T {
      let bySettings = results.get(rule);
      if (!bySettings) {
        bySettings = new WeakMap();
        results.set(rule, bySettings);
      }
      let known = bySettings.get(ruleSettings);
      if (!known) {
        known = { value: compute() };
        bySettings.set(ruleSettings, known);
      }
      return known.value as T;
    },
  };
}

/** The `using` declarations, for ESLint's selector: a declaration of another kind calls no listener. */
const USING_DECLARATIONS = 'VariableDeclaration[kind="using"], VariableDeclaration[kind="await using"]';

/** The listeners that record a file's candidates and code paths into `analysis`. */
function recordingListeners(analysis: FileAnalysis): TSESLint.RuleListener {
  const { markers, candidates, tracker, settings } = analysis;
  const declares = (node: TSESTree.VariableDeclaration): void => {
    if (node.kind === 'using' || node.kind === 'await using') candidates.usingDeclarations.push(node);
  };
  // Calls are many: look at them only in files whose text calls a scoped factory.
  const calls: TSESLint.RuleListener = markers.factoryCall
    ? {
        CallExpression(node) {
          if (isScopedFactoryCall(node, settings)) candidates.factoryCalls.push(node);
        },
      }
    : {};
  // Explicit closes are judged by code paths, recorded only in files that call a dispose method. Where no other
  // declaration is recorded, ESLint's selector passes on the others without a call.
  if (!markers.disposeCall) return { ...calls, [USING_DECLARATIONS]: declares };
  const record = (node: TSESTree.Node): void => {
    tracker.record(node);
  };
  // A node that holds none of the text's dispose calls closes nothing, unless through a local closing helper.
  const sites = markers.disposeSites;
  let helpers: boolean | undefined;
  const mayDispose = (node: TSESTree.Node): boolean =>
    !sites || holdsSite(sites, node.range) || (helpers ??= mayHaveClosingHelpers(analysis.sourceCode, settings));
  return {
    ...calls,
    // Questions of code paths start at a close: the segments of a code path that holds none are not followed.
    ...(tracker.listeners(mayDispose) as TSESLint.RuleListener),
    // A `finally` block makes a pool only with a dispose call in it (or a local helper's call).
    TryStatement(node) {
      if (node.finalizer && mayDispose(node.finalizer)) candidates.tryStatements.push(node);
    },
    ExpressionStatement(node) {
      if (endsProcess(node)) tracker.recordExit(node);
      else tracker.record(node);
      const dispose = mayDispose(node) ? disposeCallOf(node, settings, analysis.sourceCode) : undefined;
      if (!dispose || isInsideFinally(node)) return;
      tracker.record(dispose.call);
      candidates.closes.push({ statement: node, ...dispose });
    },
    // `s.on('end', () => db.close())`: a close that makes the whole body of an arrow that runs later, also one
    // handed over by its name (`const dispose = () => db.close(); setTimeout(dispose, 10)`).
    ArrowFunctionExpression(node) {
      const dispose = mayDispose(node.body) ? disposeCallOfArrow(node, settings, analysis.sourceCode) : undefined;
      if (!dispose || invocationOf(node, handedOverByName(node, analysis.sourceCode)).kind !== 'later') return;
      tracker.record(node.body);
      tracker.record(dispose.call);
      candidates.closes.push({ statement: node.body as TSESTree.Expression, ...dispose });
    },
    'ReturnStatement, ThrowStatement, IfStatement, SwitchStatement': record,
    'ForOfStatement, ForInStatement, ForStatement, WhileStatement, DoWhileStatement': record,
    'ExportNamedDeclaration, ExportDefaultDeclaration': record,
    VariableDeclaration(node) {
      tracker.record(node);
      declares(node);
    },
  };
}

/**
 * The file's shared analysis for a rule with `settings`, and the listeners
 * the rule registers: the recording ones for the first rule to ask, none for
 * the others. `onExit` runs at `Program:exit`, once everything is recorded,
 * when the file may hold a pool.
 */
export function fileAnalysisFor(
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  onExit: (analysis: FileAnalysis, types: TypeOracle | undefined) => void,
  types: TypeOracle | undefined,
): TSESLint.RuleListener {
  const key = recordingKey(settings);
  if (emptyFile === sourceCode && emptyKey === key) return {};
  // Another file's analysis is let go: it is kept for its own rules' create() only.
  if (recorded && recorded.sourceCode !== sourceCode) recorded = undefined;
  let analysis = recorded?.byKey.get(key);
  let listeners: TSESLint.RuleListener = {};
  if (!analysis) {
    // A file with no `using`, no dispose call and no scoped factory call (outside its comments) holds no pool.
    const markers = scanText(sourceCode.text, settings, sourceCode.ast);
    if (!markers) {
      emptyFile = sourceCode;
      emptyKey = key;
      return {};
    }
    noteDisposeSites(sourceCode, settings, markers);
    analysis = newAnalysis(sourceCode, settings, markers);
    recorded ??= { sourceCode, byKey: new Map() };
    recorded.byKey.set(key, analysis);
    listeners = recordingListeners(analysis);
  }
  const shared = analysis;
  const exit = (): void => {
    if (hasCandidates(shared.candidates)) onExit(shared, types);
  };
  return { ...listeners, 'Program:exit': exit };
}
