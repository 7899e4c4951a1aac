// A piscina task that takes `ms` milliseconds.
import { setTimeout as sleep } from 'node:timers/promises';

export default async function nap({ ms }) {
  await sleep(ms);
  return ms;
}
