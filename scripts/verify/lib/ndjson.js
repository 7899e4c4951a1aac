// The examples' `../lib/ndjson.js`: a Transform that writes each object it is
// given as one line of JSON.
import { Transform } from 'node:stream';

export function toNdjson() {
  return new Transform({
    writableObjectMode: true,
    transform(row, _encoding, callback) {
      callback(null, `${JSON.stringify(row)}\n`);
    },
  });
}
