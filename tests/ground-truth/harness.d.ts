// Types for harness.js (plain ESM, shared by the vitest tests and the CLI).
export interface Limit {
  id: string;
  reason: string;
  /** The docs page's words for the limit; `null` when the docs do not say it. */
  docsQuote: string | null;
}

export interface GeneratedProgram {
  id: string;
  code: string;
  inputs: string[];
  features: string[];
  limits: string[];
  spec: unknown;
}

export interface Report {
  line: number;
  column: number;
  messageId: string | undefined;
  message: string;
}

export interface PullRecord {
  pool: string;
  via: string;
  phase: 'pull' | 'delivery';
}

export interface RunResult {
  inputs: Record<string, boolean>;
  records: PullRecord[];
  log: string[];
}

export type Verdict = 'TP' | 'FP' | 'FN' | 'TN' | 'limit' | 'exception';

export interface ProgramResult {
  id: string;
  code: string;
  inputs: string[];
  features: string[];
  limits: string[];
  excusedBy: string[];
  verdict: Verdict;
  reported: boolean;
  observed: boolean;
  reports: Report[];
  runs: RunResult[];
  exceptions: string[];
}

export interface Summary {
  programs: number;
  runs: number;
  counts: Record<Verdict, number>;
  precision: number;
  recall: number;
  disagreements: ProgramResult[];
  exceptions: ProgramResult[];
  limited: ProgramResult[];
}

export type ProgramLinter = (code: string) => Report[];

export const RULE_ID: string;
export const RULE_OPTIONS: Record<string, unknown>;
export const LIMITS: Limit[];
export function documentedLimits(): Set<string>;
/** `plugin`: the plugin object (src/index.ts in vitest, dist/index.js in the CLI). */
export function createProgramLinter(plugin: object, options?: Record<string, unknown>): ProgramLinter;
export function generatePrograms(count: number, seed: number): GeneratedProgram[];
export function evaluateProgram(program: GeneratedProgram, lint: ProgramLinter, documented?: Set<string>): Promise<ProgramResult>;
export function evaluatePrograms(
  programs: GeneratedProgram[],
  lint: ProgramLinter,
  options?: { onResult?: (result: ProgramResult, done: number) => void },
): Promise<ProgramResult[]>;
export function summarise(results: ProgramResult[]): Summary;
export function formatSummary(summary: Summary): string;
export function describeResult(result: ProgramResult): string;
export function typecheckPrograms(programs: GeneratedProgram[]): { id: string; code: string; messages: string[] }[];
export function inputCombinations(names: string[]): Record<string, boolean>[];
export function shrinkDisagreement(
  result: ProgramResult,
  seed: number,
  index: number,
  lint: ProgramLinter,
  options?: { maxSteps?: number },
): Promise<ProgramResult>;
