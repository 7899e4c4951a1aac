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

/** A function that runs `compute` on its first call and returns that value ever after: for what few callers ask. */
export function lazily<V>(compute: () => V): () => V {
  let known: { value: V } | undefined;
  return () => (known ??= { value: compute() }).value;
}
