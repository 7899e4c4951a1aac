// Types for robustness.js.
export const RULE_ID: string;
export const SOURCE_EXTENSIONS: string[];

export interface FileLintResult {
  /** The parser that parsed the file; undefined when none could. */
  parser: string | undefined;
  reports: { line: number; column: number; messageId: string | undefined; message: string }[];
  /** The rule's crash, if it threw. */
  exception?: string;
  /** The first parser's error, when no parser could parse the file. */
  unparseable?: string;
}

export function listSourceFiles(root: string): string[];
export function parsersFor(fileName: string): string[];
/** `plugin`: the plugin object (src/index.ts in vitest, dist/index.js in the CLI). */
export function createFileLinter(plugin: object, ruleOptions?: Record<string, unknown>): (fileName: string, text: string) => FileLintResult;
export function fnv1a(text: string): number;
