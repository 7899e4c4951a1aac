import { parseForESLint } from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { resolveSettings, type RuleOptions } from '../../src/analysis/core/options.js';
import { holdsSite, mayCallOnPlainName, scanText } from '../../src/analysis/core/text-prefilter.js';

// The text prefilter's one scan: whether a file may hold a pool, and which listeners it needs.
const scan = (text: string, options: RuleOptions = {}) => scanText(text, resolveSettings([options], options));
/** The scan as the rule makes it: with the parser's comments. */
const scanParsed = (text: string, options: RuleOptions = {}) =>
  scanText(text, resolveSettings([options], options), parseForESLint(text, { range: true, comment: true }).ast);
/** Where each of `spellings` starts in `text`: the dispose sites the scan should find there. */
const sitesOf = (text: string, ...spellings: string[]) => spellings.map((spelling) => text.indexOf(spelling));

describe('text prefilter', () => {
  it('compiles the pattern once for equal options handed over as fresh copies (Linter#verify per file)', () => {
    const options = (): RuleOptions => ({ disposeMethods: ['drain'], scopedFactories: ['withPool'] });
    const first = resolveSettings([options()], options());
    expect(resolveSettings([options()], options())).toBe(first);
    expect(resolveSettings([options()], options(), true)).not.toBe(first);
    const other: RuleOptions = { disposeMethods: ['drain', 'stop'], scopedFactories: ['withPool'] };
    expect(resolveSettings([other], other).disposeMethods.has('stop')).toBe(true);
  });

  it('reads the same settings from the fresh copy ESLint makes per file of one configuration', () => {
    // ESLint merges `meta.defaultOptions` into a new object per file; the values are the configuration's own.
    const config: RuleOptions = { disposeMethods: ['drain'], scopedFactories: ['withPool'] };
    const first = resolveSettings([{ ...config }], { ...config });
    expect(resolveSettings([{ ...config }], { ...config })).toBe(first);
    const changed: RuleOptions = { ...config, disposeMethods: ['stop'] };
    expect(resolveSettings([changed], changed).disposeMethods.has('stop')).toBe(true);
    const fewer: RuleOptions = { disposeMethods: config.disposeMethods };
    expect(resolveSettings([fewer], fewer).scopedFactoryNames.has('withPool')).toBe(false);
    expect(resolveSettings([{ ...config }], { ...config })).toBe(first);
  });

  it('skips a file with no pool marker, and "using" in prose', () => {
    expect(scan('// rows fetched using the pool\nexport const n = 1;\n')).toBeUndefined();
    expect(scan('const text = "done using it";\n')).toBeUndefined();
  });

  it('keeps a using declaration, with no other listener', () => {
    expect(scan('{\n  await using pool = open();\n}\n')).toEqual({ factoryCall: false, disposeCall: false, disposeSites: [] });
    expect(scan('for (using x of xs) f(x);\n')).toEqual({ factoryCall: false, disposeCall: false, disposeSites: [] });
  });

  it('skips a finally block with no dispose call: it makes no pool', () => {
    expect(scan('try { f(); } finally { g(); }\n')).toBeUndefined();
    const text = 'try { f(); } finally { client.release(); }\n';
    expect(scan(text)).toEqual({ factoryCall: false, disposeCall: true, disposeSites: sitesOf(text, '.release') });
  });

  it('sees a dispose call, by name or symbol', () => {
    expect(scan('await client .end ();\n')).toEqual({ factoryCall: false, disposeCall: true, disposeSites: [13] });
    expect(scan('pool[Symbol.asyncDispose]();\n', { disposeMethods: ['[Symbol.asyncDispose]'] })).toEqual({
      factoryCall: false,
      disposeCall: true,
      disposeSites: [11],
    });
    expect(scan('client.endpoint(1);\n')).toBeUndefined();
  });

  it('sees a dispose symbol in every spelling, and only where it is a dispose method', () => {
    const symbols: RuleOptions = { disposeMethods: ['[Symbol.dispose]', '[Symbol.asyncDispose]'], ignoreDefaults: true };
    for (const [text, site] of [
      ['pool[Symbol.dispose]();', '.dispose'],
      ['await pool[ Symbol.asyncDispose ]?.();', '.asyncDispose'],
      ['stack.defer(pool[Symbol.asyncDispose]);', '.asyncDispose'],
    ] as const) {
      expect(scan(`${text}\n`, symbols), text).toEqual({ factoryCall: false, disposeCall: true, disposeSites: sitesOf(text, site) });
    }
    expect(scan('pool[Symbol.asyncDisposer]();\n', symbols)).toBeUndefined();
    expect(scan('pool[Symbol.dispose]();\n', { disposeMethods: ['drain'], ignoreDefaults: true })).toBeUndefined();
  });

  it('sees a dispose call in every spelling a method call has', () => {
    for (const [call, site] of [
      ['client.release?.();', '.release'],
      ["client['release']();", '['],
      ['client[`end`] ();', '['],
      ['pool.end<void>();', '.end'],
      ['a?.b.close();', '.close'],
      ['client.close!();', '.close'],
      ['(client.close)();', '.close'],
    ] as const) {
      expect(scan(`${call}\n`), call).toEqual({ factoryCall: false, disposeCall: true, disposeSites: sitesOf(call, site) });
    }
    expect(scan("const name = 'release';\n")).toBeUndefined();
    expect(scan('const done = client.closed;\n')).toBeUndefined();
  });

  it('sees a scoped factory call, also one named like a using declaration or a dispose method', () => {
    const options = { scopedFactories: ['withPool'] };
    expect(scan('return withPool<T>(async (pool) => 1);\n', options)).toEqual({ factoryCall: true, disposeCall: false, disposeSites: [] });
    expect(scan('return withPool?.(async (pool) => 1);\n', options)).toEqual({ factoryCall: true, disposeCall: false, disposeSites: [] });
    expect(scan('const w = withPool;\n', options)).toBeUndefined();
    expect(scan('return using (async (pool) => 1);\n', { scopedFactories: ['using'] })).toEqual({
      factoryCall: true,
      disposeCall: false,
      disposeSites: [],
    });
    // `.release(` is a dispose call and, with this option, a factory's call too: the scan reports both.
    expect(scan('return pools.release(async (c) => 1);\n', { scopedFactories: [{ object: 'pools', method: 'release' }] })).toEqual({
      factoryCall: true,
      disposeCall: true,
      disposeSites: [12],
    });
  });

  it('finds a factory call after a dispose call, and a dispose call after a finally block', () => {
    const options = { scopedFactories: ['withPool'] };
    const text = 'try { a(); } finally { b(); }\npool.close();\nwithPool(f);\n';
    expect(scan(text, options)).toEqual({ factoryCall: true, disposeCall: true, disposeSites: sitesOf(text, '.close') });
    // The dispose call names a factory too: the factory's own pattern starts at it.
    expect(scan('pools.release(async (c) => 1);\n', { scopedFactories: ['release'] })).toEqual({
      factoryCall: true,
      disposeCall: true,
      disposeSites: [5],
    });
  });

  it('takes a factory call for possible when its own pattern could not be compiled', () => {
    const options = { scopedFactories: ['withPool'] };
    const settings = { ...resolveSettings([options], options), factoryPrefilter: undefined };
    expect(scanText('pool.close();\n', settings)).toEqual({ factoryCall: true, disposeCall: true, disposeSites: [4] });
  });

  it('lets every file through with every listener when the options make no valid pattern', () => {
    const settings = { ...resolveSettings([{}], {}), prefilter: undefined };
    expect(scanText('export const n = 1;\n', settings)).toEqual({ factoryCall: true, disposeCall: true, disposeSites: undefined });
  });

  it('finds every dispose call, in order, so that a statement or function holding none is known not to close', () => {
    const text = 'const p = open();\nfunction stop(c) { c.end(); }\np.on("x", () => p.close());\nconst s = p.closed;\nawait p[\'destroy\']();\n';
    const markers = scan(text);
    expect(markers).toEqual({ factoryCall: false, disposeCall: true, disposeSites: sitesOf(text, '.end', '.close', "['") });
    const sites = markers?.disposeSites ?? [];
    const range = (part: string): [number, number] => [text.indexOf(part), text.indexOf(part) + part.length];
    expect(holdsSite(sites, range('{ c.end(); }'))).toBe(true);
    expect(holdsSite(sites, range('() => p.close()'))).toBe(true);
    expect(holdsSite(sites, range('const p = open();'))).toBe(false);
    expect(holdsSite(sites, range('const s = p.closed;'))).toBe(false);
    // A site at a node's end lies outside it.
    expect(holdsSite(sites, [0, sites[0] ?? 0])).toBe(false);
    expect(holdsSite([], [0, text.length])).toBe(false);
  });

  it('tells a dispose call on a member from one that may be on a plain name (what a closing helper disposes)', () => {
    const at = (text: string, spelling: string) => mayCallOnPlainName(text, text.indexOf(spelling));
    expect(at('conn.end();', '.end')).toBe(true);
    expect(at('await conn ?. end();', '.')).toBe(true);
    expect(at("conn!['end']();", '[')).toBe(true);
    expect(at('(conn).end();', '.end')).toBe(true);
    expect(at('open().close();', '.close')).toBe(true);
    expect(at('this.conn.end();', '.end')).toBe(false);
    expect(at('this.close();', '.close')).toBe(false);
    expect(at('a.b\n  .close();', '.close')).toBe(false);
    expect(at('.close();', '.close')).toBe(true);
  });

  it('counts nothing spelled in a comment, given the comments of the parse', () => {
    const options = { scopedFactories: ['withPool'] };
    for (const text of [
      '/**\n * @example\n * await using pool = open();\n * await cursor.close();\n */\nexport const n = 1;\n',
      '// then pool.end() and withPool(f)\nexport const n = 1;\n',
    ]) {
      expect(scanParsed(text, options), text).toBeUndefined();
      // Without the parse, the text alone is taken for a marker.
      expect(scan(text, options), text).toBeDefined();
    }
    // Code around comments is seen: a call after one, a call in a template's expression, a factory call after a site.
    const text = '/* pool.end() */\nconst s = `${pool.close()}`;\n// withPool(f)\nother.release(); // c.end()\nwithPool(g);\n';
    expect(scanParsed(text, options)).toEqual({ factoryCall: true, disposeCall: true, disposeSites: sitesOf(text, '.close', '.release') });
    expect(scanParsed('pool.close(); // withPool(f)\n', options)).toEqual({ factoryCall: false, disposeCall: true, disposeSites: [4] });
    expect(scanParsed('{\n  /* using x */ await using pool = open();\n}\n')).toEqual({ factoryCall: false, disposeCall: false, disposeSites: [] });
    // Comments a parser gave without ranges leave nothing out.
    const settings = resolveSettings([{}], {});
    expect(scanText('// pool.end()\n', settings, { comments: [{}] } as never)).toEqual({ factoryCall: false, disposeCall: true, disposeSites: [7] });
    // A string's text is not told from code (the analysis finds no call there).
    const help = 'const help = "call pool.close() first";\n';
    expect(scanParsed(help)).toEqual({ factoryCall: false, disposeCall: true, disposeSites: sitesOf(help, '.close') });
  });

  it('leaves the sites unknown when the dispose pattern alone could not be compiled: every statement may close', () => {
    const settings = { ...resolveSettings([{}], {}), disposePrefilter: undefined };
    expect(scanText('pool.close();\n', settings)).toEqual({ factoryCall: false, disposeCall: true, disposeSites: undefined });
  });
});
