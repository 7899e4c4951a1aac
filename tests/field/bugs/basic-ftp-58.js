// Reported: https://github.com/patrickjuchli/basic-ftp/issues/58
// Library: basic-ftp 3.x
// Symptom (as reported): with `client.close()` after a download that is not
// awaited: "UnhandledPromiseRejectionWarning: Error: Client is closed".
const ftp = require('basic-ftp');
const { Transform } = require('stream');
const fs = require('fs');

async function downloadFtp() {
  const client = new ftp.Client();
  client.ftp.verbose = true;

  try {
    await client.access({ host: 'host', user: 'user', password: 'password', secure: false });
    await client.ensureDir('OUT');
    const listOut = await client.list('OUT');
    var lastRemoteOut = listOut.pop().name;

    const lowCaseTransform = await new Transform({
      transform(chunk, encoding, callback) {
        this.push(chunk.toString().toLowerCase());
        callback();
      },
    });

    client.download(lowCaseTransform, lastRemoteOut); // expect: no-pool-used-after-close/notAwaited
    lowCaseTransform.pipe(fs.createWriteStream('./public/OUT.txt'));
  } catch (err) {
    console.log(err);
  }
  client.close(); // commented out in the report, where it caused the error // reconstructed
}

exports.downloadFtp = downloadFtp;
