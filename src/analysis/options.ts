/**
 * The rule's options, their defaults, and the name sets the analysis reads.
 */

export interface ScopedFactoryObject {
  object: string;
  method: string;
}

export interface RuleOptions {
  lazyMethods?: string[];
  disposeMethods?: string[];
  lazyFunctions?: string[];
  scopedFactories?: (string | ScopedFactoryObject)[];
  ignoreDefaults?: boolean;
}

/** Lazy whether or not the call is awaited (worker-pool imap, streams, iterators). */
export const DEFAULT_ALWAYS_LAZY_METHODS = [
  'imap',
  'imapUnordered',
  'iterate',
  'stream',
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
  disposeMethods: ReadonlySet<string>;
  lazyFunctions: ReadonlySet<string>;
  scopedFactoryNames: ReadonlySet<string>;
  scopedFactoryMethods: readonly ScopedFactoryObject[];
}

/** `typed`: with type information a `[Symbol.(async)Dispose]()` call always disposes, whatever the options list. */
export function resolveSettings(options: RuleOptions, typed = false): Settings {
  const defaults = options.ignoreDefaults !== true;
  const withDefaults = (given: string[] | undefined, fallback: readonly string[]): Set<string> =>
    new Set([...(defaults ? fallback : []), ...(given ?? [])]);
  const factories = options.scopedFactories ?? [];
  return {
    alwaysLazyMethods: withDefaults(options.lazyMethods, DEFAULT_ALWAYS_LAZY_METHODS),
    cursorOrQueryMethods: new Set(defaults ? DEFAULT_CURSOR_OR_QUERY_METHODS : []),
    disposeMethods: new Set([
      ...withDefaults(options.disposeMethods, DEFAULT_DISPOSE_METHODS),
      ...(typed ? ['[Symbol.dispose]', '[Symbol.asyncDispose]'] : []),
    ]),
    lazyFunctions: withDefaults(options.lazyFunctions, DEFAULT_LAZY_FUNCTIONS),
    scopedFactoryNames: new Set(factories.filter((f): f is string => typeof f === 'string')),
    scopedFactoryMethods: factories.filter((f): f is ScopedFactoryObject => typeof f !== 'string'),
  };
}

/** A cheap look at the text: can the file call a dispose method at all? */
export function mentionsDisposeCall(text: string, settings: Settings): boolean {
  for (const name of settings.disposeMethods) {
    const at = text.indexOf(name.startsWith('[') ? name.slice(1, -1) : `.${name}`);
    if (at !== -1) return true;
  }
  return false;
}
