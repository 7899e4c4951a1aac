/**
 * Which Node the linted program runs on, as its own `package.json` says: the
 * lowest Node its `engines.node` range admits, else the major of its
 * `@types/node`. The suggestion `await Array.fromAsync(…)` is offered only
 * where that is Node 22 or later (Node 20 has no `Array.fromAsync`).
 *
 * The nearest `package.json` above the file that says either is the one read
 * (a workspace package without them defers to the root's); a project that
 * says neither is not known to run Node 22. Answers are kept per folder for
 * the life of the process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The first Node release with `Array.fromAsync`. */
const FROM_ASYNC_MAJOR = 22;

/** What one `package.json` says about Node, if anything. */
interface NodeClaim {
  /** The lowest Node major its `engines.node` admits. */
  engines?: number;
  /** The major of its `@types/node` (dependencies or devDependencies). */
  types?: number;
}

/** The lowest major one comparator set (`>=20.19.0 <21`, `^22.13.0`, `22.x`, `18 - 22`) admits: the highest of its lower bounds. */
function lowestOfSet(set: string): number {
  const hyphen = /^\s*v?(\d+)[^\s]*\s+-\s+/.exec(set);
  if (hyphen) return Number(hyphen[1]);
  let lowest = 0;
  for (const comparator of set.trim().split(/\s+/)) {
    // An upper bound (`<21`, `<=22`) lowers nothing; a wildcard admits every Node.
    if (comparator.startsWith('<')) continue;
    const match = /^(?:>=|>|=|\^|~)?v?(\d+)/.exec(comparator);
    if (match) lowest = Math.max(lowest, Number(match[1]));
  }
  return lowest;
}

/** The lowest Node major a semver range admits: the lowest over its `||` alternatives. */
export function lowestNodeMajor(range: string): number {
  return Math.min(...range.split('||').map(lowestOfSet));
}

/** The major of a dependency's version range (`^22.10.0`, `~20.19`, `22`), or undefined for `*`, a tag or a URL. */
function majorOf(version: unknown): number | undefined {
  if (typeof version !== 'string') return undefined;
  const match = /^\s*(?:\^|~|>=|=)?v?(\d+)(?:\.|$|\s)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

function readClaim(file: string): NodeClaim | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const manifest = json as { engines?: { node?: unknown }; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
  const range = manifest.engines?.node;
  const engines = typeof range === 'string' && range.trim() !== '' ? lowestNodeMajor(range) : undefined;
  const types = majorOf(manifest.devDependencies?.['@types/node'] ?? manifest.dependencies?.['@types/node']);
  return engines === undefined && types === undefined ? undefined : { engines, types };
}

const claims = new Map<string, NodeClaim | null>();

/** What the nearest `package.json` above `dir` that says anything about Node says. */
function claimFor(dir: string): NodeClaim | null {
  const known = claims.get(dir);
  if (known !== undefined) return known;
  const own = readClaim(path.join(dir, 'package.json'));
  const parent = path.dirname(dir);
  const claim = own ?? (parent === dir ? null : claimFor(parent));
  claims.set(dir, claim);
  return claim;
}

/**
 * Whether the program linted as `filename` runs on Node 22 or later: by its
 * `engines.node` where it has one, else by its `@types/node` major. False for
 * a file with no path on disk (`<input>`, `<text>`).
 */
export function runsOnNodeWithFromAsync(filename: string, cwd: string): boolean {
  if (filename === '' || filename.startsWith('<')) return false;
  const claim = claimFor(path.dirname(path.resolve(cwd, filename)));
  if (!claim) return false;
  return (claim.engines ?? claim.types ?? 0) >= FROM_ASYNC_MAJOR;
}
