/**
 * The text prefilter: one regular-expression scan of a file's text, before
 * any listener, says whether the file can hold a pool at all and which of the
 * costlier listeners it needs (calls, for a scoped factory; code paths and
 * `finally` blocks, for a dispose call). The pattern is built once per set of
 * options (options.ts). A `finally` block is no marker of its own: it makes a
 * pool only with a dispose call in it, which the scan sees.
 */
import type { Settings } from './options.js';

/** What one scan of a file's text finds, where the file may hold a pool: which listeners the rule needs there. */
export interface TextMarkers {
  /** A scoped factory's name is called (`withPool(`): calls are looked at. */
  factoryCall: boolean;
  /** A dispose method is called (`.close(`, `[Symbol.asyncDispose](`): code paths and `finally` blocks are looked at. */
  disposeCall: boolean;
}

/** When the pattern of the options could not be compiled: every file may hold a pool and needs every listener. */
const EVERYTHING: TextMarkers = { factoryCall: true, disposeCall: true };

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * `using x` / `await using x` / `for (using x of …)` as a declaration: the
 * `using` at `at` (followed by a space) starts a line or follows `;`, `{`,
 * `}`, `(`, `:` or `await`. Words like "using" in prose mostly sit mid-line.
 */
function isUsingDeclarationAt(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  if (before < 0 || text[before] === '\n' || text[before] === '\r') return true;
  while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
  const previous = text[before] ?? '';
  if (';{}(:'.includes(previous)) return true;
  return text.startsWith('await', before - 4) && !/[\w$]/.test(text[before - 5] ?? '');
}

/**
 * A cheap look at the whole text, before any listener: can the file hold a
 * pool at all (a `using` declaration, a dispose call, a scoped factory
 * call)? Most files cannot, and the rule does nothing there: undefined. One scan (`settings.prefilter`) answers that and which listeners
 * the file needs; it stops once it has seen all it can learn.
 */
export function scanText(text: string, settings: Settings): TextMarkers | undefined {
  const pattern = settings.prefilter;
  if (!pattern) return EVERYTHING;
  let declaresUsing = false;
  let factoryCall = false;
  let disposeCall = false;
  let disposeAt = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const groups = match.groups;
    if (groups?.factory !== undefined) factoryCall = true;
    else if (groups?.dispose !== undefined) disposeCall = true;
    else if (!declaresUsing) declaresUsing = isUsingDeclarationAt(text, match.index);
    if (disposeCall) {
      disposeAt = match.index;
      break;
    }
  }
  // After a dispose call only a factory's call is left to learn: the rest of the text (from the dispose call, which
  // may name a factory too: `pools.release(…)`), with the cheaper pattern.
  if (disposeCall && !factoryCall && settings.scopedFactoryLastNames.size > 0) {
    const factory = settings.factoryPrefilter;
    if (factory) factory.lastIndex = disposeAt;
    factoryCall = factory?.test(text) ?? true;
  }
  return declaresUsing || factoryCall || disposeCall ? { factoryCall, disposeCall } : undefined;
}
