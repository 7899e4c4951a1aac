// Reported: https://github.com/josdejong/workerpool/issues/96 (labelled bug)
// Library: workerpool 5.x
// Symptom (as reported): "Calling `pool.terminate(true)` will kill all existing
// tasks, but the queue will continue to run with the tasks in queue": after the
// forced terminate in `catch`, queued tasks still run.
// field: out-of-scope a forced close in catch while the other tasks of a Promise.all are still queued on the pool
'use strict';

const workerpool = require('workerpool');

async function main() {
  const todoList = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

  const pool = await workerpool.pool({
    maxWorkers: 4,
  });

  try {
    await Promise.all(
      todoList.map(async (nb) => {
        try {
          await pool.exec(workerFunction, [nb]); // expect: no-pool-used-after-close/usedLater
          console.log(`Done: ${nb}`);
        } catch (e) {
          console.error(`Error: ${nb}`);
          throw e;
        }
      }),
    );

    // Terminate gracefully
    await pool.terminate();
  } catch (e) {
    console.error('Global error');
    // Force terminate the pool (no need to continue after an error)
    await pool.terminate(true);
    throw e;
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
