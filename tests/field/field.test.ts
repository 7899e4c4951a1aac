// The field suite's logic: the markers of a bug file, how expectations meet
// reports (and what counts as not yet implemented), the allow list of the
// correct set, and the linter that runs every rule with its parser fallbacks.
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import {
  applyAllowList,
  checkAllowList,
  createFieldLinter,
  matchExpectations,
  parseMarkers,
  type CorrectReport,
  type FieldReport,
} from './field.js';

const report = (line: number, messageId: string, rule = 'no-iterator-outlives-pool'): FieldReport => ({
  ruleId: `pool-lifetime/${rule}`,
  messageId,
  message: `${messageId} at ${String(line)}`,
  line,
  column: 1,
});

const rules = {
  'no-iterator-outlives-pool': { meta: { messages: { consumedAfterDisposal: 'm', stillReading: 'm' } } },
};

describe('parseMarkers', () => {
  it('reads expect markers with and without a message id, several on a line, and reconstructed lines', () => {
    const markers = parseMarkers(
      [
        '// Reported: https://example.org/issues/1',
        'const s = db.query(sql).stream(); // expect: no-iterator-outlives-pool/blocksClose // reconstructed',
        'db.end(); // expect: no-pool-used-after-close',
        'x(); // expect: no-iterator-outlives-pool/stillReading, no-pool-used-after-close/notAwaited',
        'y(); // reconstructed',
      ].join('\n'),
    );
    expect(markers.expectations).toEqual([
      { line: 2, rule: 'no-iterator-outlives-pool', messageId: 'blocksClose' },
      { line: 3, rule: 'no-pool-used-after-close', messageId: undefined },
      { line: 4, rule: 'no-iterator-outlives-pool', messageId: 'stillReading' },
      { line: 4, rule: 'no-pool-used-after-close', messageId: 'notAwaited' },
    ]);
    expect(markers.reconstructed).toEqual([2, 5]);
    expect(markers.fixedUpstream).toBe(false);
    expect(markers.outOfScope).toBeUndefined();
  });

  it('reads the header markers: fixed upstream, and out of scope with its shape', () => {
    expect(parseMarkers('// field: fixed-upstream\nrun();').fixedUpstream).toBe(true);
    expect(parseMarkers('// field: out-of-scope a close in a sibling method\nrun();').outOfScope).toBe(
      'a close in a sibling method',
    );
  });

  it('rejects a marker it cannot read, a whole-line expect, and an expectation in a fixed-upstream file', () => {
    expect(() => parseMarkers('x(); // expect: No-Such Rule')).toThrow("bad expect marker 'No-Such Rule'");
    expect(() => parseMarkers('// expect: no-pool-used-after-close\nx();')).toThrow('must end the line');
    expect(() => parseMarkers('// field: fixed-upstream\nx(); // expect: no-pool-used-after-close')).toThrow(
      'expected silent',
    );
  });
});

describe('matchExpectations', () => {
  it('meets each expectation with at most one report, on its line, rule and message id', () => {
    const expectations = [
      { line: 3, rule: 'no-iterator-outlives-pool', messageId: 'stillReading' },
      { line: 3, rule: 'no-iterator-outlives-pool', messageId: undefined },
      { line: 7, rule: 'no-iterator-outlives-pool', messageId: 'consumedAfterDisposal' },
    ];
    const reports = [report(3, 'stillReading'), report(9, 'consumedAfterDisposal')];
    const match = matchExpectations(expectations, reports, rules);
    expect(match.found).toEqual([{ expectation: expectations[0], report: reports[0] }]);
    expect(match.missed).toEqual([expectations[1], expectations[2]]);
    expect(match.notImplemented).toEqual([]);
    expect(match.unexpected).toEqual([reports[1]]);
  });

  it('counts an expectation of a rule or a message id the plugin lacks as not yet implemented', () => {
    const expectations = [
      { line: 1, rule: 'no-pool-used-after-close', messageId: 'usedAfterClose' },
      { line: 2, rule: 'no-iterator-outlives-pool', messageId: 'blocksClose' },
    ];
    const match = matchExpectations(expectations, [report(2, 'stillReading')], rules);
    expect(match.notImplemented).toEqual(expectations);
    expect(match.found).toEqual([]);
    expect(match.missed).toEqual([]);
    expect(match.unexpected).toEqual([report(2, 'stillReading')]);
  });
});

describe('the allow list of the correct set', () => {
  const at = (file: string, line: number): CorrectReport => ({ ...report(line, 'stillReading'), file });
  const entry = {
    file: 'undici@7.30.3/lib/a.js',
    line: 4,
    rule: 'no-iterator-outlives-pool',
    reason: 'false alarm, open: a write side taken for a close',
  };

  it('sorts reports into listed and unlisted, and names the entries that match no report', () => {
    const listed = at('undici@7.30.3/lib/a.js', 4);
    const other = at('undici@7.30.3/lib/a.js', 5);
    const stale = { ...entry, line: 40 };
    const sorted = applyAllowList([listed, other], [entry, stale]);
    expect(sorted.allowed).toEqual([{ report: listed, reason: entry.reason }]);
    expect(sorted.unlisted).toEqual([other]);
    expect(sorted.stale).toEqual([stale]);
  });

  it('accepts well-formed entries and names what is wrong with the others', () => {
    expect(checkAllowList([entry, { ...entry, file: '@keyv/mysql@2.1.10/dist/index.js', reason: 'deliberate: a test' }])).toEqual(
      [],
    );
    expect(
      checkAllowList([{ file: 'lib/a.js', line: 0, rule: 'pool-lifetime/no-iterator-outlives-pool', reason: 'ok' }]),
    ).toEqual([
      'entry 0: file must read <package>@<version>/<path>',
      'entry 0: line must be a positive integer',
      "entry 0: rule must be the rule's name without 'pool-lifetime/'",
      "entry 0: reason must start with 'deliberate: ' or 'false alarm, open: '",
    ]);
    expect(checkAllowList({})).toEqual(['the allow list must be an array']);
  });
});

describe('createFieldLinter', () => {
  const lint = createFieldLinter(plugin);

  it('runs every rule of the plugin and returns its reports with their message ids', () => {
    const code = [
      'async function main() {',
      '  let rows;',
      '  {',
      '    await using pool = new WorkerPool(8);',
      '    rows = pool.imap(work, tasks);',
      '  }',
      '  for await (const r of rows) log(r);',
      '}',
    ].join('\n');
    const result = lint('example.ts', code);
    expect(result.parser).toBe('typescript');
    expect(result.reports.map((r) => [r.ruleId, r.messageId, r.line])).toEqual([
      ['pool-lifetime/no-iterator-outlives-pool', 'consumedAfterDisposal', 7],
    ]);
  });

  it('parses JavaScript with ESLint\'s parser as a module, then as CommonJS, then with typescript-eslint\'s', () => {
    expect(lint('modern.js', 'export const a = 1;').parser).toBe('espree-module');
    expect(lint('legacy.js', 'var mode = 0644;\nmodule.exports = mode;').parser).toBe('espree-commonjs');
    expect(lint('typed.js', 'let count: number = 1;').parser).toBe('typescript');
  });

  it('reports the first parser\'s error when no parser can read a file', () => {
    const broken = lint('broken.js', 'function (');
    expect(broken.parser).toBeUndefined();
    expect(broken.parseError).toMatch(/^espree-module: /);
    expect(broken.reports).toEqual([]);
  });
});
