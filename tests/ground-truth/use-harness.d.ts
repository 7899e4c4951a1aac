// Types for use-harness.js (plain ESM, shared by the vitest tests and the CLI).
import type { GeneratedProgram, Limit, ProgramResult, Report } from './harness.js';

export const USE_RULE_ID: string;
export const USE_LIMITS: readonly Limit[];
export function documentedUseLimits(): Set<string>;
export function createUseLinter(plugin: unknown): (code: string) => Report[];
export function generateUsePrograms(count: number, seed: number): GeneratedProgram[];
export function evaluateUseProgram(program: GeneratedProgram, lint: (code: string) => Report[], documented?: Set<string>): Promise<ProgramResult>;
export function evaluateUsePrograms(
  programs: readonly GeneratedProgram[],
  lint: (code: string) => Report[],
  options?: { onResult?: (result: ProgramResult, done: number) => void },
): Promise<ProgramResult[]>;
