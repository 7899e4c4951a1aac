// classic-level (abstract-level 3, async-disposable): a module that opens the
// database with a top-level `await using`, which disposes it when the module
// body has finished evaluating.
// Bug: the module exports lazy iterators. Importers pull them after the
// database has closed: LEVEL_ITERATOR_NOT_OPEN.
import { ClassicLevel } from 'classic-level';

await using db = new ClassicLevel<string, string>('./data/settings');

const defaults = await db.get('defaults');
if (defaults === undefined) {
  await db.put('defaults', '{}');
}

export const settingKeys = db.keys({ gte: 'setting:', lt: 'setting;' }); // reported: escapes

const recent = db.iterator({ reverse: true, limit: 10 });
export { recent }; // reported: escapes
