/** A `Map` or a `WeakMap`: what `cachedIn` needs of a cache. */
interface Cache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value `cache` holds for `key`, computed and stored on the first ask. */
export function cachedIn<K, V>(cache: Cache<K, V>, key: K, compute: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  cache.set(key, value);
  return value;
}
