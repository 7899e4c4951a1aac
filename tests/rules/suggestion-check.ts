/**
 * Checks that a suggestion's output is code that still works: it parses with
 * the case's parser, and, when the case is linted with types (the typed run,
 * a typed suite), it type-checks against the same tsconfig (its `lib`) with
 * no diagnostic the case's own code did not have. The case's code may have errors of its own (a snippet imports a
 * package that is not installed, uses a name it never declares): only the
 * diagnostics the suggestion adds count.
 *
 * One language service per tsconfig serves every check: the output is written
 * as a virtual file beside the fixtures, and only that file changes between checks.
 */
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import ts from 'typescript';

type LanguageOptions = Linter.Config['languageOptions'];

/** The parse errors ESLint reports for `code` with `languageOptions` (its parser, without type information). */
export function parseErrors(code: string, languageOptions: LanguageOptions): string[] {
  const parserOptions = { ...(languageOptions?.parserOptions as Record<string, unknown> | undefined) };
  delete parserOptions.project;
  delete parserOptions.projectService;
  delete parserOptions.tsconfigRootDir;
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, {
    files: ['**/*.ts', '**/*.js'],
    languageOptions: { parser: tsParser, ...languageOptions, parserOptions },
  }, 'suggestion-output.ts');
  return messages.filter((message) => message.fatal === true).map((message) => `${String(message.line)}:${String(message.column)} ${message.message}`);
}

interface Checker {
  service: ts.LanguageService;
  file: string;
  setText(text: string): void;
  /** Diagnostics of the case's code, by code: asked once per case. */
  before: Map<string, string[]>;
}

/** One checker per fixtures folder (its tsconfig). */
const checkers = new Map<string, Checker>();

function createChecker(fixtures: string): Checker {
  const configPath = path.join(fixtures, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('suggestion check: the typed fixtures have no tsconfig');
  const file = path.join(fixtures, 'suggestion-output.ts');
  let text = '';
  let version = 0;
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => config.options,
    getScriptFileNames: () => [file],
    getScriptVersion: (name) => (name === file ? String(version) : '0'),
    getScriptSnapshot: (name) => {
      if (name === file) return ts.ScriptSnapshot.fromString(text);
      const content = ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => fixtures,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory.bind(ts.sys),
    directoryExists: ts.sys.directoryExists.bind(ts.sys),
    getDirectories: ts.sys.getDirectories.bind(ts.sys),
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  return {
    service,
    file,
    setText(next) {
      if (next === text) return;
      text = next;
      version += 1;
    },
    before: new Map(),
  };
}

function diagnosticsOf(current: Checker, code: string): string[] {
  current.setText(code);
  const diagnostics = [...current.service.getSyntacticDiagnostics(current.file), ...current.service.getSemanticDiagnostics(current.file)];
  return diagnostics.map((diagnostic) => `TS${String(diagnostic.code)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
}

/** The diagnostics `output` has and `code` has not (as many times over as they are new). */
export function newTypeErrors(code: string, output: string, fixtures: string): string[] {
  let checker = checkers.get(fixtures);
  if (!checker) {
    checker = createChecker(fixtures);
    checkers.set(fixtures, checker);
  }
  let before = checker.before.get(code);
  if (!before) {
    before = diagnosticsOf(checker, code);
    checker.before.set(code, before);
  }
  const remaining = [...before];
  const added: string[] = [];
  for (const diagnostic of diagnosticsOf(checker, output)) {
    const at = remaining.indexOf(diagnostic);
    if (at >= 0) remaining.splice(at, 1);
    else added.push(diagnostic);
  }
  return added;
}
