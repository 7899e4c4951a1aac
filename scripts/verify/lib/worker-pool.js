// The examples' `../lib/worker-pool.js` names the project's own WorkerPool, a
// sketch that no package provides: using it here says so. It exists so that
// the examples that import it beside a real pool (piscina) can load.
export class WorkerPool {
  constructor() {
    throw new Error('WorkerPool is a sketch in the examples, not a package: nothing to run');
  }

  map() {
    return Promise.reject(new Error('WorkerPool is a sketch'));
  }
}
