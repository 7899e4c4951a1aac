// basic-ftp: every transfer returns a promise; `close()` ends the control
// connection at once.
// Bug: the download is not awaited, so `finally` closes the client while it
// runs: the promise never settles and the file stays incomplete.
import { Client } from 'basic-ftp';

export async function fetchReport(out: string, remotePath: string): Promise<void> {
  const client = new Client();
  try {
    await client.access({ host: 'ftp.example.com', user: 'reports', password: process.env.FTP_PASSWORD });
    client.downloadTo(out, remotePath); // reported: not awaited
  } finally {
    client.close();
  }
}
