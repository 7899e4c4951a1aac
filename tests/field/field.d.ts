// Types for field.js (plain ESM, shared by the runner in scripts/ and the tests).
export const PLUGIN_PREFIX: 'pool-lifetime/';

export interface Expectation {
  line: number;
  rule: string;
  messageId: string | undefined;
}

export interface Markers {
  expectations: Expectation[];
  reconstructed: number[];
  fixedUpstream: boolean;
  outOfScope: string | undefined;
}

export interface FieldReport {
  ruleId: string;
  messageId: string | undefined;
  message: string;
  line: number;
  column: number;
}

export interface CorrectReport extends FieldReport {
  file: string;
}

export interface AllowEntry {
  file: string;
  line: number;
  rule: string;
  reason: string;
}

export interface RuleLike {
  meta?: { messages?: Record<string, string> };
}

export function parseMarkers(text: string): Markers;

export function matchExpectations(
  expectations: Expectation[],
  reports: FieldReport[],
  rules: Record<string, RuleLike>,
): {
  found: { expectation: Expectation; report: FieldReport }[];
  missed: Expectation[];
  notImplemented: Expectation[];
  unexpected: FieldReport[];
};

export function applyAllowList(
  reports: CorrectReport[],
  entries: AllowEntry[],
): { allowed: { report: CorrectReport; reason: string }[]; unlisted: CorrectReport[]; stale: AllowEntry[] };

export function checkAllowList(entries: unknown): string[];

export function parsersFor(fileName: string): [string, object][];

export function createFieldLinter(plugin: {
  rules: Record<string, unknown>;
}): (
  fileName: string,
  text: string,
) => { parser: string | undefined; reports: FieldReport[]; parseError?: string; crash?: string };
