/**
 * The consumption forms of the contract, as a table: one entry per form with
 * what is distinctive for it, and builders that turn each entry into four
 * cases, in this order:
 *   - valid: consumed inside the using block, before the pool is disposed
 *   - valid: consumed inside the try block, before finally disposes the pool
 *   - invalid: consumed after the using block
 *   - invalid: consumed after the try/finally
 * Every expected position is read off the case's own code: the reported line is
 * the consuming line, the columns are where the reported text sits on it, and
 * the disposal line is the end of the using block or the close call in finally.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import { isTypedRun } from '../rule-tester.js';

/** A pool library, and the lazy iterator the cases make from it. */
interface Pool {
  /** The import lines at the top of the case. */
  imports: readonly string[];
  /** The enclosing function's parameter list. */
  params: string;
  /** The pool variable. */
  pool: string;
  /** The expression that opens the pool. */
  open: string;
  /** The declaration keyword when the pool is held by a using declaration. */
  using: 'using' | 'await using';
  /** The iterator variable. */
  iterator: string;
  /** The call that makes the lazy iterator. */
  make: string;
  /** How the report describes that call. */
  described: string;
  /** The suggestion offered when the iterator is consumed too late. */
  materialize: Extract<MessageId, 'materializeSync' | 'materializeAsync' | 'materializeWithToArray'>;
  /** What the report calls the pool: its driver's noun (`database`), or what its initialiser holds (`file handle`). */
  noun: string;
}

/** A pool that the try/finally cases close explicitly. */
interface ClosablePool extends Pool {
  /** The close call in finally, as the report names it. */
  close: string;
  /** Whether that call is awaited. */
  awaitClose: boolean;
}

/** The pool used by the using-block cases and the one used by the try/finally cases. */
interface PoolPair {
  using: Pool;
  tryFinally: ClosablePool;
}

type FunctionKeyword = 'function' | 'async function' | 'function*';

interface ConsumptionForm {
  /** The form's name: the cases' comments and function names start with it. */
  name: string;
  pools: PoolPair;
  /** The enclosing function's keyword. */
  keyword: FunctionKeyword;
  /** The keyword of the invalid cases, where it differs from `keyword`. */
  keywordAfterDisposal?: FunctionKeyword;
  /** The consuming statements of the valid cases (nested lines carry their own extra indent). */
  inScope: readonly string[];
  /** The consuming statements of the invalid cases, where they differ from `inScope`. */
  afterDisposal?: readonly string[];
  /** The text the report covers, on the first consuming line that holds it. */
  reported: string;
}

const betterSqlite3: ClosablePool = {
  imports: ["import Database from 'better-sqlite3';"],
  params: 'file: string',
  pool: 'db',
  noun: 'database',
  open: 'new Database(file)',
  using: 'using',
  iterator: 'rows',
  make: "db.prepare('SELECT * FROM users').iterate()",
  described: 'db.prepare(…).iterate()',
  materialize: 'materializeSync',
  close: 'db.close()',
  awaitClose: false,
};

// node:sqlite's statement iterator: its database's close() is not known to fail an open one (rule
// 13 is for better-sqlite3's, whose close() throws while an iterator is open: see left-open.test.ts).
const nodeSqlite: ClosablePool = {
  imports: ["import { DatabaseSync } from 'node:sqlite';"],
  params: 'file: string',
  pool: 'db',
  noun: 'database',
  open: 'new DatabaseSync(file)',
  using: 'using',
  iterator: 'rows',
  make: "db.prepare('SELECT * FROM users').iterate()",
  described: 'db.prepare(…).iterate()',
  materialize: 'materializeSync',
  close: 'db.close()',
  awaitClose: false,
};

const mongodb: ClosablePool = {
  imports: ["import { MongoClient } from 'mongodb';"],
  params: 'uri: string',
  pool: 'client',
  noun: 'client',
  open: 'new MongoClient(uri)',
  using: 'await using',
  iterator: 'users',
  make: "client.db('app').collection('users').find({ active: true })",
  described: 'client.db(…).collection(…).find(…)',
  materialize: 'materializeWithToArray',
  close: 'client.close()',
  awaitClose: true,
};

// A file handle's close is abrupt: its read stream fails once the handle is closed. (mysql2's
// `[Symbol.dispose]` is its graceful `end()`, which waits for the stream: see graceful-closes.test.ts.)
const fileHandle: Pool = {
  imports: ["import { open } from 'node:fs/promises';", "import type { Writable } from 'node:stream';"],
  params: 'path: string, sink: Writable',
  pool: 'file',
  noun: 'file handle',
  open: 'await open(path)',
  using: 'await using',
  iterator: 'stream',
  make: 'file.createReadStream()',
  described: 'file.createReadStream()',
  materialize: 'materializeWithToArray',
};

const ioredis: ClosablePool = {
  imports: ["import { Redis } from 'ioredis';", "import type { Writable } from 'node:stream';"],
  params: 'url: string, sink: Writable',
  pool: 'redis',
  noun: 'client',
  open: 'new Redis(url)',
  using: 'using',
  iterator: 'stream',
  make: "redis.scanStream({ match: 'user:*' })",
  described: 'redis.scanStream(…)',
  materialize: 'materializeAsync',
  close: 'redis.quit()',
  awaitClose: true,
};

const SQLITE: PoolPair = { using: betterSqlite3, tryFinally: nodeSqlite };
const MONGO: PoolPair = { using: mongodb, tryFinally: mongodb };
/** The stream forms: a file handle's read stream in an 'await using' block, an ioredis scan stream closed in finally. */
const STREAMS: PoolPair = { using: fileHandle, tryFinally: ioredis };

const forms: readonly ConsumptionForm[] = [
  {
    name: 'forOf',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['for (const user of rows) notify(user);'],
    reported: 'rows',
  },
  {
    name: 'forAwait',
    pools: MONGO,
    keyword: 'async function',
    inScope: ['for await (const user of users) notify(user);'],
    reported: 'users',
  },
  {
    name: 'spread',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['return [...rows];'],
    reported: '...rows',
  },
  {
    name: 'destructuringDeclaration',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['const [first] = rows;', 'return first;'],
    reported: 'rows',
  },
  {
    name: 'destructuringAssignment',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['let first;', '[first] = rows;', 'return first;'],
    reported: 'rows',
  },
  {
    name: 'yieldStar',
    pools: SQLITE,
    keyword: 'function*',
    inScope: ['yield* rows;'],
    reported: 'yield* rows',
  },
  {
    name: 'arrayFrom',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['return Array.from(rows);'],
    reported: 'Array.from(rows)',
  },
  {
    name: 'arrayFromAsync',
    pools: MONGO,
    keyword: 'async function',
    inScope: ['const docs = await Array.fromAsync(users);', 'return docs;'],
    reported: 'Array.fromAsync(users)',
  },
  {
    name: 'newSet',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['return new Set(rows);'],
    reported: 'new Set(rows)',
  },
  {
    name: 'newMap',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['const byId = new Map(rows);', 'return byId.size;'],
    reported: 'new Map(rows)',
  },
  {
    name: 'promiseAll',
    pools: SQLITE,
    keyword: 'async function',
    keywordAfterDisposal: 'function',
    inScope: ['const all = await Promise.all(rows);', 'return all;'],
    afterDisposal: ['return Promise.all(rows);'],
    reported: 'Promise.all(rows)',
  },
  {
    name: 'promiseAllSettled',
    pools: SQLITE,
    keyword: 'async function',
    keywordAfterDisposal: 'function',
    inScope: ['const settled = await Promise.allSettled(rows);', 'return settled;'],
    afterDisposal: ['return Promise.allSettled(rows);'],
    reported: 'Promise.allSettled(rows)',
  },
  {
    name: 'promiseRace',
    pools: SQLITE,
    keyword: 'async function',
    keywordAfterDisposal: 'function',
    inScope: ['const winner = await Promise.race(rows);', 'return winner;'],
    afterDisposal: ['return Promise.race(rows);'],
    reported: 'Promise.race(rows)',
  },
  {
    name: 'promiseAny',
    pools: SQLITE,
    keyword: 'async function',
    keywordAfterDisposal: 'function',
    inScope: ['const first = await Promise.any(rows);', 'return first;'],
    afterDisposal: ['return Promise.any(rows);'],
    reported: 'Promise.any(rows)',
  },
  {
    name: 'next',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['const head = rows.next();', 'return head;'],
    afterDisposal: ['return rows.next();'],
    reported: 'rows.next()',
  },
  {
    name: 'return',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['rows.return();'],
    reported: 'rows.return()',
  },
  {
    name: 'toArray',
    pools: MONGO,
    keyword: 'async function',
    inScope: ['const docs = await users.toArray();', 'return docs;'],
    reported: 'users.toArray()',
  },
  {
    name: 'forEach',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['rows.forEach((user) => notify(user));'],
    reported: 'rows.forEach((user) => notify(user))',
  },
  {
    name: 'reduce',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['return rows.reduce((n, user) => n + user.visits, 0);'],
    reported: 'rows.reduce((n, user) => n + user.visits, 0)',
  },
  {
    name: 'some',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['return rows.some((user) => user.admin);'],
    reported: 'rows.some((user) => user.admin)',
  },
  {
    name: 'every',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['return rows.every((user) => user.verified);'],
    reported: 'rows.every((user) => user.verified)',
  },
  {
    name: 'find',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['return rows.find((user) => user.admin);'],
    reported: 'rows.find((user) => user.admin)',
  },
  {
    name: 'onData',
    pools: STREAMS,
    keyword: 'async function',
    inScope: [
      'await new Promise((resolve, reject) => {',
      "  stream.on('data', (chunk) => sink.write(chunk));",
      "  stream.on('end', resolve);",
      "  stream.on('error', reject);",
      '});',
    ],
    afterDisposal: ["stream.on('data', (chunk) => sink.write(chunk));"],
    reported: "stream.on('data', (chunk) => sink.write(chunk))",
  },
  {
    name: 'onceEnd',
    pools: STREAMS,
    keyword: 'async function',
    inScope: ['await new Promise((resolve) => {', "  stream.once('end', resolve);", '  stream.resume();', '});'],
    afterDisposal: ["stream.once('end', () => sink.end());"],
    reported: "stream.once('end', () => sink.end())",
  },
  {
    name: 'onReadable',
    pools: STREAMS,
    keyword: 'async function',
    inScope: [
      'await new Promise((resolve) => {',
      "  stream.on('readable', () => sink.cork());",
      "  stream.once('close', resolve);",
      '});',
    ],
    afterDisposal: ["stream.on('readable', () => sink.cork());"],
    reported: "stream.on('readable', () => sink.cork())",
  },
  {
    name: 'read',
    pools: STREAMS,
    keyword: 'async function',
    inScope: ['const first = stream.read();', 'return first;'],
    reported: 'stream.read()',
  },
  {
    name: 'pipe',
    pools: STREAMS,
    keyword: 'async function',
    inScope: ['await finished(stream.pipe(sink));'],
    afterDisposal: ['stream.pipe(sink);'],
    reported: 'stream.pipe(sink)',
  },
  {
    name: 'pipeline',
    pools: STREAMS,
    keyword: 'async function',
    inScope: ['await pipeline(stream, sink);'],
    reported: 'pipeline(stream, sink)',
  },
  {
    name: 'passSync',
    pools: SQLITE,
    keyword: 'function',
    inScope: ['indexUsers(rows);'],
    reported: 'indexUsers(rows)',
  },
  {
    name: 'passAsync',
    pools: MONGO,
    keyword: 'async function',
    inScope: ['await drain(users);'],
    reported: 'drain(users)',
  },
];

/** Lines of a case's code, which starts and ends with a newline. */
class CodeLines {
  private readonly lines: string[] = [''];

  constructor(imports: readonly string[]) {
    this.lines.push(...imports, '');
  }

  /** Appends a line and returns its 1-based line number. */
  add(line: string): number {
    this.lines.push(line);
    return this.lines.length;
  }

  /** Appends lines, each with the given indent, and returns their 1-based line numbers. */
  addAll(indent: string, lines: readonly string[]): number[] {
    return lines.map((line) => this.add(indent + line));
  }

  lineAt(lineNumber: number): string {
    const line = this.lines[lineNumber - 1];
    if (line === undefined) throw new Error(`no line ${String(lineNumber)}`);
    return line;
  }

  toString(): string {
    return [...this.lines, ''].join('\n');
  }
}

function closeStatement(pool: ClosablePool): string {
  return `${pool.awaitClose ? 'await ' : ''}${pool.close};`;
}

/**
 * The forms that would take an array in the iterator's place: only after one
 * of these is the suggestion offered (a method, a constructor, another
 * function may need the iterator as it was).
 */
const ITERATION_FORMS: ReadonlySet<string> = new Set([
  'forOf',
  'forAwait',
  'spread',
  'destructuringDeclaration',
  'destructuringAssignment',
  'yieldStar',
  'arrayFrom',
  'arrayFromAsync',
]);

/** The iterator call wrapped the way the suggestion materializes it. */
function materialized(pool: Pool): string {
  if (pool.materialize === 'materializeWithToArray') return `await ${pool.make}.toArray()`;
  return pool.materialize === 'materializeSync' ? `Array.from(${pool.make})` : `await Array.fromAsync(${pool.make})`;
}

// <form>: consumed inside the using block, before the pool is disposed
function validInUsingBlock(form: ConsumptionForm): string {
  const pool = form.pools.using;
  const code = new CodeLines(pool.imports);
  code.add(`${form.keyword} ${form.name}InScope(${pool.params}) {`);
  code.add(`  ${pool.using} ${pool.pool} = ${pool.open};`);
  code.add(`  const ${pool.iterator} = ${pool.make};`);
  code.addAll('  ', form.inScope);
  code.add('}');
  return code.toString();
}

// <form>: consumed inside the try block, before finally disposes the pool
function validInTryBlock(form: ConsumptionForm): string {
  const pool = form.pools.tryFinally;
  const code = new CodeLines(pool.imports);
  code.add(`${form.keyword} ${form.name}InTry(${pool.params}) {`);
  code.add(`  const ${pool.pool} = ${pool.open};`);
  code.add('  try {');
  code.add(`    const ${pool.iterator} = ${pool.make};`);
  code.addAll('    ', form.inScope);
  code.add('  } finally {');
  code.add(`    ${closeStatement(pool)}`);
  code.add('  }');
  code.add('}');
  return code.toString();
}

/** The invalid case for code whose consuming lines come after the disposal point. */
function consumedAfterDisposal(
  form: ConsumptionForm,
  pool: Pool,
  code: CodeLines,
  consumingLines: readonly number[],
  disposal: string,
): InvalidTestCase<MessageId, Options> {
  const reportedLine = consumingLines.find((lineNumber) => code.lineAt(lineNumber).includes(form.reported));
  if (reportedLine === undefined) throw new Error(`${form.name}: '${form.reported}' is not on a consuming line`);
  const column = code.lineAt(reportedLine).indexOf(form.reported) + 1;
  const source = code.toString();
  const makeLine = `${pool.iterator} = ${pool.make};`;
  return {
    code: source,
    errors: [
      {
        messageId: 'consumedAfterDisposal',
        data: { iterator: `'${pool.iterator}' (from ${pool.described})`, pool: `${pool.noun} '${pool.pool}'`, disposal },
        line: reportedLine,
        column,
        endLine: reportedLine,
        endColumn: column + form.reported.length,
        // Typed, the drivers are not installed and their values are 'any': no 'Array.from' suggestion there
        // (its items would be 'unknown'), and the fixtures' lib has no 'Array.fromAsync'.
        suggestions:
          ITERATION_FORMS.has(form.name) && !(isTypedRun && pool.materialize !== 'materializeWithToArray')
            ? [
                {
                  messageId: pool.materialize,
                  data: { expression: `'${pool.described}'` },
                  output: source.replace(makeLine, `${pool.iterator} = ${materialized(pool)};`),
                },
              ]
            : [],
      },
    ],
  };
}

// <form>: consumed after the using block
function invalidAfterUsingBlock(form: ConsumptionForm): InvalidTestCase<MessageId, Options> {
  const pool = form.pools.using;
  const code = new CodeLines(pool.imports);
  code.add(`${form.keywordAfterDisposal ?? form.keyword} ${form.name}InBlock(${pool.params}) {`);
  code.add(`  let ${pool.iterator};`);
  code.add('  {');
  code.add(`    ${pool.using} ${pool.pool} = ${pool.open};`);
  code.add(`    ${pool.iterator} = ${pool.make};`);
  const blockEnd = code.add('  }');
  const consuming = code.addAll('  ', form.afterDisposal ?? form.inScope);
  code.add('}');
  return consumedAfterDisposal(form, pool, code, consuming, `line ${String(blockEnd)}, end of the '${pool.using}' block`);
}

// <form>: consumed after the try/finally
function invalidAfterTryFinally(form: ConsumptionForm): InvalidTestCase<MessageId, Options> {
  const pool = form.pools.tryFinally;
  const code = new CodeLines(pool.imports);
  code.add(`${form.keywordAfterDisposal ?? form.keyword} ${form.name}AfterFinally(${pool.params}) {`);
  code.add(`  const ${pool.pool} = ${pool.open};`);
  code.add(`  let ${pool.iterator};`);
  code.add('  try {');
  code.add(`    ${pool.iterator} = ${pool.make};`);
  code.add('  } finally {');
  const closeLine = code.add(`    ${closeStatement(pool)}`);
  code.add('  }');
  const consuming = code.addAll('  ', form.afterDisposal ?? form.inScope);
  code.add('}');
  return consumedAfterDisposal(form, pool, code, consuming, `line ${String(closeLine)}, ${pool.close} in finally`);
}

export const valid: readonly (string | ValidTestCase<Options>)[] = forms.flatMap((form) => [
  validInUsingBlock(form),
  validInTryBlock(form),
]);

export const invalid: readonly InvalidTestCase<MessageId, Options>[] = forms.flatMap((form) => [
  invalidAfterUsingBlock(form),
  invalidAfterTryFinally(form),
]);
