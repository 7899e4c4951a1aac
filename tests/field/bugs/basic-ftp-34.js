// Reported: https://github.com/patrickjuchli/basic-ftp/issues/34 (labelled bug)
// Library: basic-ftp 2.x/3.x
// Symptom (as reported): the client is closed from a timer while a download
// that nobody awaits is in progress: "the in-progress download's promise
// doesn't resolve or reject, so the promise just hangs".
const fs = require('fs');
const Client = require('basic-ftp').Client;

async function demo() {
  const localFilePath = './test.txt';
  const remoteFilePath = 'test-repo/@cba_a3/addons/cba_common.pbo';
  const client = new Client();
  client.ftp.verbose = true;
  await client.access({ host: '<host>', user: '<user>', password: '<password>' });
  client.download(fs.createWriteStream(localFilePath), remoteFilePath) // expect: no-pool-used-after-close/notAwaited
    .then(() => {
      console.log('Download finished.');
    })
    .catch(() => {
      console.log('Download failed.');
    });
  setTimeout(async () => {
    console.log('Closing FTP client...');
    await client.close();
    console.log('FTP client closed.');
  }, 200);
}

demo();
