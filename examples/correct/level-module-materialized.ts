// classic-level (abstract-level 3, async-disposable), opened by a module with
// a top-level `await using` that closes it once the module body has run.
// Correct: the fixed twin of exporting lazy iterators. The keys are read with
// `await … .all()` and the recent entries materialized with
// `await Array.fromAsync(…)` at top level, before the database closes; the
// exports are plain arrays (no LEVEL_ITERATOR_NOT_OPEN in importers).
import { ClassicLevel } from 'classic-level';

await using db = new ClassicLevel<string, string>('./data/settings');

export const settingKeys = await db.keys({ gte: 'setting:', lt: 'setting;' }).all();

const recent: [string, string][] = [];
for await (const entry of db.iterator({ reverse: true, limit: 10 })) {
  recent.push(entry);
}
export { recent };

export const newest = await Array.fromAsync(db.values({ reverse: true, limit: 3 }));
