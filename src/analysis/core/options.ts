/**
 * The rule's options, their defaults, and the name sets the analysis reads.
 */

export interface ScopedFactoryObject {
  object: string;
  method: string;
}

/** The `closes` option: what a driver's close methods do to the values its pools handed out (rule 11). */
export interface CloseDeclaration {
  module: string;
  methods: string[];
  behaviour: 'abrupt' | 'graceful' | 'strict';
  /** The close fails, throws or crashes with a started value open (rule 13): such values left open are reported. */
  failsOpenValues?: boolean;
}

export interface RuleOptions {
  lazyMethods?: string[];
  lazyProperties?: string[];
  disposeMethods?: string[];
  lazyFunctions?: string[];
  scopedFactories?: (string | ScopedFactoryObject)[];
  ignoreDefaults?: boolean;
  closes?: CloseDeclaration[];
}

/** Lazy whether or not the call is awaited (worker-pool imap, streams, iterators). */
export const DEFAULT_ALWAYS_LAZY_METHODS = [
  'imap',
  'imapUnordered',
  'iterate',
  'stream',
  'queryStream',
  'cursor',
  'iterator',
  'scanIterator',
  'hScanIterator',
  'sScanIterator',
  'zScanIterator',
  'scanStream',
  'sscanStream',
  'hscanStream',
  'zscanStream',
  'readLines',
  'createReadStream',
] as const;

/** Lazy only when the call is not directly awaited (MongoDB cursors vs. ORM queries). */
export const DEFAULT_CURSOR_OR_QUERY_METHODS = [
  'find',
  'aggregate',
  'watch',
  'listCollections',
  'listDatabases',
  'listIndexes',
  'keys',
  'values',
] as const;

/**
 * MongoDB's cursor-returning methods (rule 6): reached from a pool through
 * `.db(…)` or `.collection(…)`, their result is a cursor, awaited or not (the
 * driver's cursors are not thenable). `listSearchIndexes` counts only there:
 * it is in no list of names lazy on any receiver.
 */
export const DEFAULT_DRIVER_CURSOR_METHODS = [
  'find',
  'aggregate',
  'watch',
  'listCollections',
  'listIndexes',
  'listSearchIndexes',
] as const;

/** Properties whose value, read on a pool or a value reached from it, is a lazy stream (Deno's `file.readable`, a child process's `stdout`). */
export const DEFAULT_LAZY_PROPERTIES = ['readable', 'stdout', 'stderr'] as const;

/** Method names as `methodName()` spells them: `[Symbol.dispose]` for the well-known symbols. */
export const DEFAULT_DISPOSE_METHODS = [
  'close',
  'end',
  'destroy',
  'terminate',
  'dispose',
  'release',
  'shutdown',
  'quit',
  'disconnect',
  '[Symbol.dispose]',
  '[Symbol.asyncDispose]',
] as const;

export const DEFAULT_LAZY_FUNCTIONS = ['pMapIterable'] as const;

/** The option values after defaults are merged in: what the analysis asks. */
export interface Settings {
  alwaysLazyMethods: ReadonlySet<string>;
  cursorOrQueryMethods: ReadonlySet<string>;
  /** Rule 6: names whose call through `.db(…)`/`.collection(…)` is a cursor even when awaited. */
  driverCursorMethods: ReadonlySet<string>;
  lazyProperties: ReadonlySet<string>;
  /** The `lazyProperties` the options name: lazy on any pool, where a built-in one may be lazy on some pools only. */
  givenLazyProperties: ReadonlySet<string>;
  disposeMethods: ReadonlySet<string>;
  lazyFunctions: ReadonlySet<string>;
  /** Drivers declared by the `closes` option, before the built-in ones. */
  closes: readonly CloseDeclaration[];
  scopedFactoryNames: ReadonlySet<string>;
  scopedFactoryMethods: readonly ScopedFactoryObject[];
  /** The last name of every scoped factory callee: a cheap first check on each call. */
  scopedFactoryLastNames: ReadonlySet<string>;
  /**
   * The text prefilter's one scan (text-prefilter.ts): a scoped factory's call (group `factory`, first so that a
   * factory named like `using…` is seen as a call), a dispose call (group `dispose`), `using `.
   * Global: `using` hits are checked one by one. Undefined when the options' names make no valid pattern.
   */
  prefilter: RegExp | undefined;
  /**
   * A scoped factory's call alone (global), to look for one in the rest of a file once the prefilter's scan has
   * found a dispose call: a scan for one name costs a fraction of the prefilter's. Undefined without factories.
   */
  factoryPrefilter: RegExp | undefined;
  /**
   * A dispose call alone (global), to find every one in the rest of a file once the prefilter's scan has found the
   * first: where they are tells which statements and functions can close a pool. Undefined when it could not compile.
   */
  disposePrefilter: RegExp | undefined;
}

/** The longest name an option may give: far beyond any real name, far below what a regular expression holds. */
export const MAX_NAME_LENGTH = 200;

/**
 * A regular expression from option-derived source, compiled now (V8 compiles
 * on first use, and rejects some large patterns only then). When it cannot
 * be compiled, undefined: the prefilter it serves then lets every file
 * through with every listener, which costs time, never a report.
 */
function compiledPattern(source: string, flags = ''): RegExp | undefined {
  try {
    const pattern = new RegExp(source, flags);
    pattern.test('');
    pattern.lastIndex = 0;
    return pattern;
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `.close(`, `.end (`, `?.release?.(`, `['close'](`, `.end<void>(`, `[Symbol.asyncDispose](`: a call of one of the dispose
 * methods, in every spelling `methodCall` reads as that name (a computed string key among them).
 */
function disposeCallPattern(names: ReadonlySet<string>): string {
  const methods = [...names].filter((name) => !name.startsWith('[')).map(escapeRegExp);
  // `[Symbol.asyncDispose]` read as its last name, `asyncDispose`.
  const symbols = [...names].filter((name) => name.startsWith('[')).map((name) => escapeRegExp(name.slice(1, -1).replace(/^Symbol\./, '')));
  const any = methods.join('|');
  // `.end(`, `.end?.(`, `.end<void>(`, and the spellings TypeScript and parentheses add: `.end!(`, `(c.end)(`.
  const call = String.raw`\s*(?:!\s*)?(?:\)\s*)?(?:\?\.\s*)?[(<]`;
  // Every spelling that starts with a dot is one alternative: the scan tries the names once after each `.` of the
  // text, not once per spelling. `.end(` and `.end.bind(` (a close bound to its receiver, called later:
  // conn.end.bind(conn)); `Symbol.asyncDispose` as `.asyncDispose` followed by no word character.
  const afterDot = [
    ...(methods.length > 0 ? [`(?:${any})(?:${call}|\\s*\\.\\s*bind\\s*\\()`] : []),
    ...(symbols.length > 0 ? [`(?:${symbols.join('|')})\\b`] : []),
  ];
  const parts = [
    ...(afterDot.length > 0 ? [`\\.\\s*(?:${afterDot.join('|')})`] : []),
    ...(methods.length > 0 ? [`\\[\\s*(?:'(?:${any})'|"(?:${any})"|\`(?:${any})\`)\\s*\\]${call}`] : []),
  ];
  // Without dispose methods nothing matches: an anchored impossible pattern fails at once.
  return parts.length > 0 ? parts.join('|') : String.raw`^\b\B`;
}

/**
 * Settings by the options' text: `Linter#verify` given a config array (an editor integration, a test) hands
 * each file a fresh copy of the same options, and compiling the prefilter's pattern per file would cost more
 * than the scan it serves. Kept for a few configurations only.
 */
const byOptionsText = new Map<string, Settings>();
const OPTIONS_TEXTS_KEPT = 32;

function byText(options: RuleOptions, typed: boolean): Settings {
  const key = `${String(typed)}:${JSON.stringify(options)}`;
  let settings = byOptionsText.get(key);
  if (!settings) {
    settings = computeSettings(options, typed);
    if (byOptionsText.size >= OPTIONS_TEXTS_KEPT) byOptionsText.clear();
    byOptionsText.set(key, settings);
  }
  return settings;
}

/** Settings by the options object of a config, then by `typed`. */
const cache = new WeakMap<object, Map<boolean, Settings>>();
const withoutOptions = new Map<boolean, Settings>();
/** The last answer: files of one configuration come one after another, and a map lookup per file adds up. */
let last: { given: unknown; typed: boolean; settings: Settings } | undefined;

/**
 * Whether two options objects are one configuration's: the same object, or the same keys holding the same values.
 * ESLint merges a rule's `meta.defaultOptions` into a fresh object for every file, whose values are the
 * configuration's own (the same arrays and objects for every file): compared key by key, they need no map entry
 * and no text per file.
 */
function sameOptions(first: unknown, second: unknown): boolean {
  if (first === second) return true;
  if (typeof first !== 'object' || typeof second !== 'object' || first === null || second === null) return false;
  const keys = Object.keys(first);
  if (keys.length !== Object.keys(second).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(second, key) || (first as Record<string, unknown>)[key] !== (second as Record<string, unknown>)[key]) return false;
  }
  return true;
}

/**
 * Settings for the given options, computed once per configuration rather
 * than once per file. `typed`: with type information a
 * `[Symbol.(async)Dispose]()` call always disposes, whatever the options say.
 */
export function resolveSettings(rawOptions: readonly unknown[], options: RuleOptions, typed = false): Settings {
  const given = rawOptions[0];
  if (last && last.typed === typed && sameOptions(last.given, given)) return last.settings;
  let byMode = withoutOptions;
  if (typeof given === 'object' && given !== null) {
    const known = cache.get(given);
    byMode = known ?? new Map<boolean, Settings>();
    if (!known) cache.set(given, byMode);
  }
  let settings = byMode.get(typed);
  if (!settings) {
    settings = byText(options, typed);
    byMode.set(typed, settings);
  }
  last = { given, typed, settings };
  return settings;
}

/** The two dispose symbols, by their spelling folded to lower case without brackets or `Symbol.`. */
const DISPOSE_SYMBOLS = new Map([
  ['dispose', '[Symbol.dispose]'],
  ['asyncdispose', '[Symbol.asyncDispose]'],
]);

/**
 * A `disposeMethods` entry spelled like a symbol must be one of the two
 * symbols, spelled exactly: a method name has no brackets and no `Symbol.`.
 * ESLint's schema errors cannot say the right spelling, so this does, naming
 * the option: `Symbol.asyncDispose` is spelled `[Symbol.asyncDispose]`.
 */
export function checkDisposeSymbols(names: readonly string[] | undefined): void {
  for (const given of names ?? []) {
    if (!/[[\]]|\bSymbol\b/i.test(given) || [...DISPOSE_SYMBOLS.values()].includes(given)) continue;
    const folded = given.replace(/[[\]\s]/g, '').replace(/^symbol\./i, '').toLowerCase();
    const right = DISPOSE_SYMBOLS.get(folded);
    throw new Error(
      right
        ? `Option "disposeMethods": "${given}" is spelled "${right}".`
        : `Option "disposeMethods": "${given}" is no dispose method; the symbols are spelled "[Symbol.dispose]" and "[Symbol.asyncDispose]".`,
    );
  }
}

function computeSettings(options: RuleOptions, typed: boolean): Settings {
  checkDisposeSymbols(options.disposeMethods);
  const defaults = options.ignoreDefaults !== true;
  const withDefaults = (given: string[] | undefined, fallback: readonly string[]): Set<string> =>
    new Set([...(defaults ? fallback : []), ...(given ?? [])]);
  const factories = options.scopedFactories ?? [];
  const closes = options.closes ?? [];
  const disposeMethods = new Set([
    ...withDefaults(options.disposeMethods, DEFAULT_DISPOSE_METHODS),
    // A declared driver's close methods dispose its pools.
    ...closes.flatMap((entry) => entry.methods),
    ...(typed ? ['[Symbol.dispose]', '[Symbol.asyncDispose]'] : []),
  ]);
  const scopedFactoryNames = new Set(factories.filter((f): f is string => typeof f === 'string'));
  const scopedFactoryMethods = factories.filter((f): f is ScopedFactoryObject => typeof f !== 'string');
  const lastNames = new Set(
    [...scopedFactoryNames, ...scopedFactoryMethods.map((f) => f.method)].map((name) => name.slice(name.lastIndexOf('.') + 1)),
  );
  const factoryWords = [...lastNames].map(escapeRegExp);
  const disposeCall = disposeCallPattern(disposeMethods);
  const factoryCall = factoryWords.length > 0 ? String.raw`\b(?:${factoryWords.join('|')})\s*[(<?]` : undefined;
  return {
    alwaysLazyMethods: withDefaults(options.lazyMethods, DEFAULT_ALWAYS_LAZY_METHODS),
    cursorOrQueryMethods: new Set(defaults ? DEFAULT_CURSOR_OR_QUERY_METHODS : []),
    // Without the defaults, rule 6 follows the driver's names that `lazyMethods` lists.
    driverCursorMethods: new Set(
      defaults
        ? DEFAULT_DRIVER_CURSOR_METHODS
        : (options.lazyMethods ?? []).filter((name) => (DEFAULT_DRIVER_CURSOR_METHODS as readonly string[]).includes(name)),
    ),
    lazyProperties: withDefaults(options.lazyProperties, DEFAULT_LAZY_PROPERTIES),
    givenLazyProperties: new Set(options.lazyProperties ?? []),
    disposeMethods,
    lazyFunctions: withDefaults(options.lazyFunctions, DEFAULT_LAZY_FUNCTIONS),
    closes,
    scopedFactoryNames,
    scopedFactoryMethods,
    scopedFactoryLastNames: lastNames,
    // One scan, not one per pattern: each alternative costs far less in it than a scan of its own.
    prefilter: compiledPattern(
      `${factoryCall === undefined ? '' : `(?<factory>${factoryCall})|`}(?<dispose>${disposeCall})|\\busing\\s`,
      'g',
    ),
    factoryPrefilter: factoryCall === undefined ? undefined : compiledPattern(factoryCall, 'g'),
    disposePrefilter: compiledPattern(disposeCall, 'g'),
  };
}
