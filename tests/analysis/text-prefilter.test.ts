import { describe, expect, it } from 'vitest';
import { resolveSettings, type RuleOptions } from '../../src/analysis/core/options.js';
import { scanText } from '../../src/analysis/core/text-prefilter.js';

// The text prefilter's one scan: whether a file may hold a pool, and which listeners it needs.
const scan = (text: string, options: RuleOptions = {}) => scanText(text, resolveSettings([options], options));

describe('text prefilter', () => {
  it('compiles the pattern once for equal options handed over as fresh copies (Linter#verify per file)', () => {
    const options = (): RuleOptions => ({ disposeMethods: ['drain'], scopedFactories: ['withPool'] });
    const first = resolveSettings([options()], options());
    expect(resolveSettings([options()], options())).toBe(first);
    expect(resolveSettings([options()], options(), true)).not.toBe(first);
    const other: RuleOptions = { disposeMethods: ['drain', 'stop'], scopedFactories: ['withPool'] };
    expect(resolveSettings([other], other).disposeMethods.has('stop')).toBe(true);
  });

  it('skips a file with no pool marker, and "using" in prose', () => {
    expect(scan('// rows fetched using the pool\nexport const n = 1;\n')).toBeUndefined();
    expect(scan('const text = "done using it";\n')).toBeUndefined();
  });

  it('keeps a using declaration, with no other listener', () => {
    expect(scan('{\n  await using pool = open();\n}\n')).toEqual({ factoryCall: false, disposeCall: false });
    expect(scan('for (using x of xs) f(x);\n')).toEqual({ factoryCall: false, disposeCall: false });
  });

  it('skips a finally block with no dispose call: it makes no pool', () => {
    expect(scan('try { f(); } finally { g(); }\n')).toBeUndefined();
    expect(scan('try { f(); } finally { client.release(); }\n')).toEqual({ factoryCall: false, disposeCall: true });
  });

  it('sees a dispose call, by name or symbol', () => {
    expect(scan('await client .end ();\n')).toEqual({ factoryCall: false, disposeCall: true });
    expect(scan('pool[Symbol.asyncDispose]();\n', { disposeMethods: ['[Symbol.asyncDispose]'] })).toEqual({
      factoryCall: false,
      disposeCall: true,
    });
    expect(scan('client.endpoint(1);\n')).toBeUndefined();
  });

  it('sees a dispose symbol in every spelling, and only where it is a dispose method', () => {
    const symbols: RuleOptions = { disposeMethods: ['[Symbol.dispose]', '[Symbol.asyncDispose]'], ignoreDefaults: true };
    for (const text of ['pool[Symbol.dispose]();', 'await pool[ Symbol.asyncDispose ]?.();', 'stack.defer(pool[Symbol.asyncDispose]);']) {
      expect(scan(`${text}\n`, symbols), text).toEqual({ factoryCall: false, disposeCall: true });
    }
    expect(scan('pool[Symbol.asyncDisposer]();\n', symbols)).toBeUndefined();
    expect(scan('pool[Symbol.dispose]();\n', { disposeMethods: ['drain'], ignoreDefaults: true })).toBeUndefined();
  });

  it('sees a dispose call in every spelling a method call has', () => {
    for (const call of [
      'client.release?.();',
      "client['release']();",
      'client[`end`] ();',
      'pool.end<void>();',
      'a?.b.close();',
      'client.close!();',
      '(client.close)();',
    ]) {
      expect(scan(`${call}\n`), call).toEqual({ factoryCall: false, disposeCall: true });
    }
    expect(scan("const name = 'release';\n")).toBeUndefined();
    expect(scan('const done = client.closed;\n')).toBeUndefined();
  });

  it('sees a scoped factory call, also one named like a using declaration or a dispose method', () => {
    const options = { scopedFactories: ['withPool'] };
    expect(scan('return withPool<T>(async (pool) => 1);\n', options)).toEqual({ factoryCall: true, disposeCall: false });
    expect(scan('return withPool?.(async (pool) => 1);\n', options)).toEqual({ factoryCall: true, disposeCall: false });
    expect(scan('const w = withPool;\n', options)).toBeUndefined();
    expect(scan('return using (async (pool) => 1);\n', { scopedFactories: ['using'] })).toEqual({
      factoryCall: true,
      disposeCall: false,
    });
    // `.release(` is a dispose call and, with this option, a factory's call too: the scan reports both.
    expect(scan('return pools.release(async (c) => 1);\n', { scopedFactories: [{ object: 'pools', method: 'release' }] })).toEqual({
      factoryCall: true,
      disposeCall: true,
    });
  });

  it('finds a factory call after a dispose call, and a dispose call after a finally block', () => {
    const options = { scopedFactories: ['withPool'] };
    expect(scan('try { a(); } finally { b(); }\npool.close();\nwithPool(f);\n', options)).toEqual({ factoryCall: true, disposeCall: true });
    // The dispose call names a factory too: the factory's own pattern starts at it.
    expect(scan('pools.release(async (c) => 1);\n', { scopedFactories: ['release'] })).toEqual({ factoryCall: true, disposeCall: true });
  });

  it('takes a factory call for possible when its own pattern could not be compiled', () => {
    const options = { scopedFactories: ['withPool'] };
    const settings = { ...resolveSettings([options], options), factoryPrefilter: undefined };
    expect(scanText('pool.close();\n', settings)).toEqual({ factoryCall: true, disposeCall: true });
  });

  it('lets every file through with every listener when the options make no valid pattern', () => {
    const settings = { ...resolveSettings([{}], {}), prefilter: undefined };
    expect(scanText('export const n = 1;\n', settings)).toEqual({ factoryCall: true, disposeCall: true });
  });
});
