// Reported: https://github.com/n8n-io/n8n/pull/30105
// Library: undici 7 (Agent as fetch dispatcher)
// Symptom (as reported): web-research fetches "hang for the full 15-minute build
// timeout": the `finally` awaits `dispatcher.close()`, which waits for the
// response body, which is read only after the function returns.
import { Agent, fetch } from 'undici';

async function fetchAndExtract(url: string, maxBytes: number) { // reconstructed
  const dispatcher = new Agent({ connect: { timeout: 10_000 } }); // reconstructed
  const controller = new AbortController(); // reconstructed
  const timeout = setTimeout(() => controller.abort(), 15_000); // reconstructed
  try {
    return await fetch(url, { dispatcher, signal: controller.signal, redirect: 'manual' }); // expect: no-iterator-outlives-pool/escapesIntoWaitingClose // reconstructed
  } finally {
    clearTimeout(timeout);
    await dispatcher.close();
  }
}

export async function research(url: string) { // reconstructed
  const response = await fetchAndExtract(url, 1_000_000); // reconstructed
  return readLimitedBody(response, 1_000_000); // reconstructed
} // reconstructed
