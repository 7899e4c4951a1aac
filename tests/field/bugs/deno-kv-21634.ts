// Reported: https://github.com/denoland/deno/issues/21634 (fixed by
// https://github.com/denoland/deno/pull/21665)
// Library: Deno 1.39 (Deno.Kv, unstable)
// Symptom (as reported): "KV watches never complete or close when the source KV
// store closes": "finished." is never logged.
// field: fixed-upstream
// Since the fix, closing the store ends the watch: closing it from a timer
// while a `for await` reads the watch is the idiom (the contract's
// cancellation idiom).
const kv = await Deno.openKv();

const stream = kv.watch([['a']]);

(async () => {
  for await (const entries of stream) {
    console.log(entries);
  }
  console.log('finished.');
})();

setTimeout(() => {
  console.log('close kv');
  kv.close();
}, 1000);
