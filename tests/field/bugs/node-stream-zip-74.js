// Reported: https://github.com/antelle/node-stream-zip/issues/74
// Library: node-stream-zip 1.13
// Symptom (as reported): once an entry has been turned into a stream,
// `zip.close()` makes the entry stream fail: "Error: EBADF: bad file descriptor,
// read", an unhandled 'error' event that crashes the process.
const { async: StreamZipAsync } = require('node-stream-zip');

(async () => {
  const zip = new StreamZipAsync({
    file: './test.zip',
  });

  for (const entry of Object.values(await zip.entries())) {
    await zip.stream(entry).then((stream) => stream.end()); // expect: no-iterator-outlives-pool/leftOpen
  }

  await zip.close();
})();
