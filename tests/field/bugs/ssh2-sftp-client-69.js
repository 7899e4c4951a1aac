// Reported: https://github.com/theophilusx/ssh2-sftp-client/issues/69
// Library: ssh2-sftp-client 2.x
// Symptom (as reported): "I sometimes (very sporadically) seem to be getting
// truncated files": `end()` resolved before the underlying client had flushed.
// field: fixed-upstream
// The maintainer: the API changed significantly (end() now waits for the
// connection to close), which resolved it. Awaiting the upload and then
// `end()` is the idiom.
const Client = require('ssh2-sftp-client');

async function upload(config, localFile, remoteFile) { // reconstructed
  const sftp = new Client(); // reconstructed
  await sftp.connect(config); // reconstructed
  try { // reconstructed
    await sftp.put(localFile, remoteFile); // reconstructed
  } finally { // reconstructed
    await sftp.end(); // reconstructed
  } // reconstructed
} // reconstructed

module.exports = { upload }; // reconstructed
