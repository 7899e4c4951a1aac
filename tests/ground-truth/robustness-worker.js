// A worker of robustness-cli.js: lints the files it is sent, one at a time.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createFileLinter } from './robustness.js';

const plugin = (await import(workerData.pluginUrl)).default;
const lintFile = createFileLinter(plugin);

parentPort?.on('message', (file) => {
  const started = Date.now();
  let result;
  try {
    result = lintFile(file, readFileSync(file, 'utf8'));
  } catch (error) {
    result = { parser: undefined, reports: [], exception: `harness: ${error instanceof Error ? error.message : String(error)}` };
  }
  parentPort?.postMessage({ file, ms: Date.now() - started, ...result });
});
parentPort?.postMessage({ ready: true });
