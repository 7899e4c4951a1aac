// Reported: https://github.com/typeorm/typeorm/issues/6709
// Library: typeorm 0.2.25 with mysql
// Symptom (as reported): "UnhandledPromiseRejectionWarning:
// QueryRunnerAlreadyReleasedError: Query runner already released. Cannot run
// queries anymore." The `save` is not awaited, so it runs after `release()`.
// field: out-of-scope an ORM's query runner (a driver the contracts do not know) released after an operation that is not awaited
import { getConnection } from 'typeorm';
import { User } from './entity/User'; // reconstructed

export async function createUser() { // reconstructed
  const qr = getConnection().createQueryRunner();
  await qr.startTransaction();

  const user = new User(); // User inherit from BaseEntity
  user.name = 'test';
  qr.manager.save(user); // expect: no-pool-used-after-close/notAwaited
  await qr.commitTransaction();
  await qr.release(); // If I comment this line, the error will be gone
} // reconstructed
