// basic-ftp: the download is awaited inside the `try`, so `close()` comes
// once it is over.
import { Client } from 'basic-ftp';

export async function fetchReport(out: string, remotePath: string): Promise<void> {
  const client = new Client();
  try {
    await client.access({ host: 'ftp.example.com', user: 'reports', password: process.env.FTP_PASSWORD });
    await client.downloadTo(out, remotePath);
  } finally {
    client.close();
  }
}
