// Runs one case of cases.js (argv[2] is its index) in this process and sends
// the outcome to the parent: { kind: 'value', value } or { kind: 'error',
// error }, with the errors that went unhandled meanwhile. A `run` that never
// settles sends nothing: the parent cuts it off.
import 'disposablestack/auto';
import fromAsync from 'array-from-async';
import { createRequire } from 'node:module';
import { cases } from './cases.js';
import { makeHelpers } from './helpers.js';

if (typeof Array.fromAsync !== 'function') Array.fromAsync = fromAsync;

const [, , index, built, dir] = process.argv;
const env = process.env;

/** What the parent is told of an error. */
const describe = (err) =>
  err instanceof Error
    ? { name: err.constructor.name, code: err.code === undefined ? undefined : String(err.code), message: err.message }
    : { name: typeof err, message: String(err) };

const unhandled = [];
process.on('unhandledRejection', (err) => unhandled.push(describe(err)));
process.on('uncaughtException', (err) => unhandled.push(describe(err)));

// The examples print what they read: keep it, for the cases that count it.
const logs = [];
console.log = (...args) => logs.push(args.map(String).join(' '));

// The examples name their own MySQL hosts ('db', 'localhost'): every
// connection mysql and mysql2 make goes to the local server instead, to the
// database the example names.
const require = createRequire(import.meta.url);
const mysqlConnections = [];
const target = new URL(env.MYSQL_URL);
const local = (config) => {
  const own = typeof config === 'string' ? { database: new URL(config).pathname.slice(1) } : { ...config };
  return { ...own, host: target.hostname, port: Number(target.port), user: target.username, password: target.password };
};
for (const name of ['mysql', 'mysql2']) {
  const driver = require(name);
  const createConnection = driver.createConnection;
  driver.createConnection = (config) => {
    const conn = createConnection.call(driver, local(config));
    mysqlConnections.push(conn);
    return conn;
  };
}

const h = makeHelpers({ built, dir, env, logs });
h.mysqlConnections = mysqlConnections;
const send = (message) => process.send({ ...message, unhandled, logs: logs.length }, () => process.exit(0));
try {
  const value = await cases[Number(index)].run(h);
  // Let errors thrown by listeners after the run show up.
  await h.sleep(50);
  send({ kind: 'value', value: typeof value === 'bigint' ? String(value) : value });
} catch (err) {
  send({ kind: 'error', error: describe(err) });
}
