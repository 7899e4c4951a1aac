// Reported: https://github.com/josdejong/workerpool/issues/147
// Library: workerpool 5.x
// Symptom (as reported): a task submitted after `terminate(true)` revives the
// pool, "after the pool is revived the script gets stuck and needs to be
// manually halted".
const path = require('path');
const workerpool = require('workerpool');

async function test(id) {
  const workerPath = path.join(__dirname, 'worker.js');
  const pool = workerpool.pool(workerPath, { minWorkers: 'max' });
  console.log('created pool', id);

  await pool.terminate(true);
  console.log('terminated pool', id);

  const result = await pool.exec('myOperation'); // expect: no-pool-used-after-close/usedAfterClose
  console.log('completed task on pool', id, result);
}

test('myPool');
