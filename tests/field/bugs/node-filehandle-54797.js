// Reported: https://github.com/nodejs/node/issues/54797
// Library: Node.js 20.15 (fs/promises FileHandle)
// Symptom (as reported): after `await pipeline(r, destination)` into a write
// stream made with `autoClose: false`, `await fd?.close()` never returns: the
// log ends with "before close".
// field: out-of-scope a write stream made on a FileHandle with autoClose false, finished, still holds the handle's close
const { createReadStream } = require('node:fs');
const { pipeline } = require('node:stream/promises');
const fsPromise = require('node:fs/promises');

const r = createReadStream('/bin/cp');

async function test() {
  let fd;
  try {
    console.log('before file open');
    fd = await fsPromise.open('/tmp/cp', 'w+');
    console.log('after file open');

    const destination = fd.createWriteStream({ autoClose: false }); // expect: no-iterator-outlives-pool/blocksClose

    console.log('before pipeline');
    await pipeline(r, destination);
    console.log('done pipeline');
  } catch (e) {
    console.log('error', e);
  } finally {
    console.log('before close');
    await fd?.close();
    console.log('after close');
  }

  console.log('done');
}

test()
  .then(() => console.log('test done'))
  .catch((e) => console.log('test error', e));
