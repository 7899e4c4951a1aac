// Ground truth by execution (see harness.js): a fixed-seed sample of generated
// programs is linted with the rule from src/ and run; the rule must report
// exactly the programs that pull an item after its pool is disposed, except
// where a program runs into a limit the docs page documents.
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import {
  createProgramLinter,
  describeResult,
  documentedLimits,
  evaluatePrograms,
  formatSummary,
  generatePrograms,
  LIMITS,
  summarise,
  typecheckPrograms,
  type ProgramResult,
} from './harness.js';
import { createUseLinter, documentedUseLimits, evaluateUsePrograms, generateUsePrograms, USE_LIMITS } from './use-harness.js';

const SEED = 20251125;
const COUNT = 320;
const programs = generatePrograms(COUNT, SEED);


/** Both sides exercised (bugs the runs observe, and correct programs), no exception, no disagreement. */
function expectAgreement(results: ProgramResult[]): void {
  const summary = summarise(results);
  const show = (list: ProgramResult[]) => list.map((result) => describeResult(result));
  expect(summary.counts.TP).toBeGreaterThan(COUNT / 4);
  expect(summary.counts.TN).toBeGreaterThan(COUNT / 10);
  expect(show(summary.exceptions), formatSummary(summary)).toEqual([]);
  expect(show(summary.disagreements), formatSummary(summary)).toEqual([]);
}

describe('ground truth by execution', () => {
  it('generates valid TypeScript', () => {
    expect(typecheckPrograms(programs).map((failure) => `${failure.id}: ${failure.messages.join('; ')}\n${failure.code}`)).toEqual([]);
  });

  it('documents every limit that excuses a disagreement', () => {
    const documented = documentedLimits();
    for (const limit of LIMITS) expect(documented.has(limit.id)).toBe(limit.docsQuote !== null);
  });

  it(`agrees with execution on ${String(COUNT)} programs (seed ${String(SEED)})`, async () => {
    expectAgreement(await evaluatePrograms(programs, createProgramLinter(plugin)));
  }, 120_000);
});

describe('ground truth by execution: no-pool-used-after-close', () => {
  const usePrograms = generateUsePrograms(COUNT, SEED);

  it('documents every limit that excuses a disagreement', () => {
    const documented = documentedUseLimits();
    for (const limit of USE_LIMITS) expect(documented.has(limit.id)).toBe(true);
  });

  it(`agrees with execution on ${String(COUNT)} programs (seed ${String(SEED)})`, async () => {
    expectAgreement(await evaluateUsePrograms(usePrograms, createUseLinter(plugin)));
  }, 120_000);
});
