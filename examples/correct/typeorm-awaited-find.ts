// TypeORM: a `QueryRunner` holds one pooled connection until `release()`.
// Correct: `await qr.manager.find(User)` resolves to plain entities, not a
// cursor. `find` is lazy only when not directly awaited (MongoDB's cursor),
// so an awaited ORM query inside `try/finally release()` stays silent.
import { DataSource } from 'typeorm';
import { AuditEntry, User } from '../lib/entities.js';

export async function deactivateStale(ds: DataSource, before: Date): Promise<User[]> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    const users = await qr.manager.find(User, { where: { active: true } });
    const stale = users.filter((u) => u.lastSeen < before);
    for (const u of stale) u.active = false;
    await qr.manager.save(stale);
    await qr.manager.insert(AuditEntry, { action: 'deactivate', count: stale.length });
    await qr.commitTransaction();
    return stale;
  } catch (err) {
    await qr.rollbackTransaction();
    throw err;
  } finally {
    await qr.release();
  }
}
