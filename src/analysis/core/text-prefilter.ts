/**
 * The text prefilter: one regular-expression scan of a file's text, before
 * any listener, says whether the file can hold a pool at all and which of the
 * costlier listeners it needs (calls, for a scoped factory; code paths and
 * `finally` blocks, for a dispose call). The pattern is built once per set of
 * options (options.ts). A `finally` block is no marker of its own: it makes a
 * pool only with a dispose call in it, which the scan sees.
 */
import { firstStartingFrom } from './ast.js';
import type { Settings } from './options.js';
import { firstFrom } from './segment-order.js';

/** What one scan of a file's text finds, where the file may hold a pool: which listeners the rule needs there. */
export interface TextMarkers {
  /** A scoped factory's name is called (`withPool(`): calls are looked at. */
  factoryCall: boolean;
  /** A dispose method is called (`.close(`, `[Symbol.asyncDispose](`): code paths and `finally` blocks are looked at. */
  disposeCall: boolean;
  /**
   * Where each dispose call's spelling starts in the text, ascending: a statement or function whose range holds
   * none calls no dispose method itself. Undefined when not known: then any may.
   */
  disposeSites: readonly number[] | undefined;
}

/** When the pattern of the options could not be compiled: every file may hold a pool and needs every listener. */
const EVERYTHING: TextMarkers = { factoryCall: true, disposeCall: true, disposeSites: undefined };

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** A character of an ASCII name: a letter, a digit, `_` or `$` (another letter ends the name, and the answer errs towards true). */
function isNameCharacter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
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

/** A stretch of the text. */
interface Span {
  readonly range: readonly [number, number];
}

/** What the parser made of the text: its comments (the program's `comments`, in source order), when known. */
export interface ParsedText {
  readonly comments?: readonly Span[];
}

/**
 * Whether the offset `at` lies in one of the file's comments: no call or declaration starts there. (A string's text
 * is not looked at: finding the token around an offset costs more than the scan saves, and the analysis finds no
 * call in a string.)
 */
function inComment(parsed: ParsedText | undefined, at: number): boolean {
  if (!Array.isArray(parsed?.comments)) return false;
  const comments = parsed.comments as readonly Partial<Span>[];
  // The last comment starting at or before `at`; a parser's comment without a range (ESLint's own need them)
  // leaves nothing out.
  const end = comments[firstStartingFrom(comments, at + 1, (comment) => comment.range?.[0]) - 1]?.range?.[1];
  return end !== undefined && at < end;
}

/** The next match of the global `pattern` in `text`, from its `lastIndex` on, that starts in code. */
function nextInCode(pattern: RegExp, text: string, parsed: ParsedText | undefined): RegExpExecArray | null {
  let match = pattern.exec(text);
  while (match && inComment(parsed, match.index)) match = pattern.exec(text);
  return match;
}

/**
 * A cheap look at the whole text, before any listener: can the file hold a
 * pool at all (a `using` declaration, a dispose call, a scoped factory
 * call)? Most files cannot, and the rule does nothing there: undefined. One scan (`settings.prefilter`) answers that and which listeners
 * the file needs; it stops once it has seen all it can learn. With the parser's comments (`parsed`), a match in a
 * comment (`// then call pool.close()`, a doc comment's example) is no code and counts for nothing.
 */
export function scanText(text: string, settings: Settings, parsed?: ParsedText): TextMarkers | undefined {
  const pattern = settings.prefilter;
  if (!pattern) return EVERYTHING;
  let declaresUsing = false;
  let factoryCall = false;
  let disposeCall = false;
  let disposeAt = 0;
  pattern.lastIndex = 0;
  for (let match = nextInCode(pattern, text, parsed); match; match = nextInCode(pattern, text, parsed)) {
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
    factoryCall = factory ? nextInCode(factory, text, parsed) !== null : true;
  }
  if (!declaresUsing && !factoryCall && !disposeCall) return undefined;
  return { factoryCall, disposeCall, disposeSites: disposeCall ? disposeSitesFrom(text, disposeAt, settings, parsed) : [] };
}

/** Every dispose call's site from the first one, at `first`, on: the rest of the text with the dispose pattern alone. */
function disposeSitesFrom(text: string, first: number, settings: Settings, parsed: ParsedText | undefined): readonly number[] | undefined {
  const pattern = settings.disposePrefilter;
  if (!pattern) return undefined;
  const sites = [first];
  pattern.lastIndex = first + 1;
  for (let match = nextInCode(pattern, text, parsed); match; match = nextInCode(pattern, text, parsed)) sites.push(match.index);
  return sites;
}

/** Whether one of the ascending `sites` lies in `range`: a node there may call a dispose method itself. */
export function holdsSite(sites: readonly number[], [start, end]: readonly [number, number]): boolean {
  return firstFrom(sites, start) < end;
}

/**
 * Whether the dispose call whose spelling starts at `site` may be made on a plain name (`conn.end()`,
 * `conn?.end()`, `conn!['end']()`): false when the text before it is clearly a member's (`this.conn.end()`,
 * `a.b.end()`), else true (a call's result, a parenthesised receiver: the reader of the tree decides).
 */
export function mayCallOnPlainName(text: string, site: number): boolean {
  let at = site - 1;
  const skipSpace = (): void => {
    while (at >= 0 && isSpace(text.charCodeAt(at))) at--;
  };
  skipSpace();
  if (text[at] === '?' || text[at] === '!') at--;
  skipSpace();
  const end = at + 1;
  while (at >= 0 && isNameCharacter(text.charCodeAt(at))) at--;
  if (end - at === 1) return true;
  if (text.slice(at + 1, end) === 'this') return false;
  skipSpace();
  return text[at] !== '.';
}

/** Each scanned file's dispose sites, by its `SourceCode`, with the dispose methods they were found for. */
const sitesBySource = new WeakMap<object, { methods: ReadonlySet<string>; sites: readonly number[] }>();

/** Keep `markers`' dispose sites for the file of `source`, found with `settings`. */
export function noteDisposeSites(source: object, settings: Settings, markers: TextMarkers): void {
  if (markers.disposeSites) sitesBySource.set(source, { methods: settings.disposeMethods, sites: markers.disposeSites });
}

/** The dispose sites found in the file of `source` for `settings`' dispose methods, when its text was scanned for them. */
export function disposeSitesOf(source: object, settings: Settings): readonly number[] | undefined {
  const known = sitesBySource.get(source);
  return known?.methods === settings.disposeMethods ? known.sites : undefined;
}
