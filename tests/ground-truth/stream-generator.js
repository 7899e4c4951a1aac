// Generates programs where a pool's stream is read: started consumptions
// (a pipe into a sink, the callback form of `pipeline`, a 'data' or 'line'
// listener, `resume()`, `pipeTo`), their correct forms (the end awaited with
// `finished`, `once`, a promise on 'end' or 'close', a helper of the module
// that waits for it, `pipeline`, the stream destroyed in the scope, the pool
// released on the stream's own end), and wrappers (`Readable.from`,
// `Readable.toWeb`, readline, `new Response`, `getReader`, `pipeThrough`)
// returned, consumed in the scope or consumed after it.
//
// The runtime's streams are real Node `Readable`s and web `ReadableStream`s
// fed by the pool one row per virtual millisecond, so whether a row is read
// after the pool is disposed is observed, not assumed. Programs have the same
// shape as generator.js's: `{ code, inputs, features, limits, spec }`.
import fc from 'fast-check';
import { indent, inputNames } from './render-text.js';

export const STREAM_POOLS = ['tryFinally', 'awaitUsing', 'explicitClose', 'factory', 'releaseOnEnd'];
export const STREAM_SOURCES = ['stream', 'dbStream', 'readable'];
export const STREAM_WRAPPERS = ['none', 'readableFrom', 'readline', 'toWeb', 'response', 'getReader', 'pipeThrough'];
export const STREAM_STARTS = ['none', 'pipe', 'pipelineCallback', 'data', 'resume'];
export const STREAM_ENDS = ['none', 'finished', 'once', 'promise', 'promiseBlock', 'helper', 'pipeline', 'destroy', 'destFinished', 'branch', 'afterScope'];
export const STREAM_PLACES = ['in', 'escape', 'after'];

export const streamSpecArbitrary = fc.record({
  family: fc.constant('stream'),
  pool: fc.constantFrom(...STREAM_POOLS),
  source: fc.constantFrom(...STREAM_SOURCES),
  wrapper: fc.constantFrom(...STREAM_WRAPPERS),
  start: fc.constantFrom(...STREAM_STARTS),
  end: fc.constantFrom(...STREAM_ENDS),
  place: fc.constantFrom(...STREAM_PLACES),
  variant: fc.nat(7),
});

/** What a value is, which decides how it is read: a Node stream, a readline interface, a web stream, a response, a reader. */
const KIND_TYPES = {
  node: 'Readable',
  lines: 'readline.Interface',
  web: 'ReadableStream<Uint8Array>',
  response: 'Response',
  reader: 'ReadableStreamDefaultReader<Uint8Array>',
};

/** The wrapper applied to a value of kind `kind`, or undefined when it does not apply. */
function wrap(wrapper, kind, e) {
  switch (wrapper) {
    case 'readableFrom':
      return kind === 'node' || kind === 'web' ? { kind: 'node', expr: `Readable.from(${e})`, uses: ['Readable'] } : undefined;
    case 'readline':
      return kind === 'node' ? { kind: 'lines', expr: `readline.createInterface({ input: ${e} })`, uses: ['readline'] } : undefined;
    case 'toWeb':
      return kind === 'node' ? { kind: 'web', expr: `Readable.toWeb(${e}) as ReadableStream<Uint8Array>`, uses: ['Readable'] } : undefined;
    case 'response':
      if (kind === 'web') return { kind: 'response', expr: `new Response(${e})`, uses: [] };
      return kind === 'node' ? { kind: 'response', expr: `new Response(Readable.toWeb(${e}) as ReadableStream<Uint8Array>)`, uses: ['Readable'] } : undefined;
    case 'getReader':
      return kind === 'web' ? { kind: 'reader', expr: `${e}.getReader()`, uses: [] } : undefined;
    case 'pipeThrough':
      return kind === 'web' ? { kind: 'web', expr: `${e}.pipeThrough(new TransformStream<Uint8Array, Uint8Array>())`, uses: [] } : undefined;
  }
  return undefined;
}

/** Reads `e` (of `kind`) to its end. */
function consumeAll(kind, e, v) {
  switch (kind) {
    case 'node':
    case 'lines':
    case 'web':
      return `for await (const ${v} of ${e}) sink(${v});`;
    case 'response':
      return `sink(await ${e}.text());`;
    case 'reader':
      return `for (let ${v} = await ${e}.read(); !${v}.done; ${v} = await ${e}.read()) sink(${v}.value);`;
  }
  throw new Error(`unknown kind ${kind}`);
}

/** The event that ends the reading of `kind`: a stream's 'end', a readline interface's 'close'. */
const endEvent = (kind) => (kind === 'lines' ? 'close' : 'end');

/**
 * Renders a stream spec to a program. Repairs combinations that cannot run:
 * a start form the value does not have, an end form for no start, a web
 * stream's end (its `pipeTo` promise), an escape from an explicit close.
 */
export function renderStream(spec) {
  const features = new Set(['family:stream']);
  const limits = new Set();
  const { names: inputs, next: newInput } = inputNames();
  const imports = new Set();
  const runtimeImports = new Set(['Pool', 'sink', 'input']);
  const P = 'pool';

  // ----- the value: a pool's stream, maybe wrapped -----------------------------------
  const sourceExpr = { stream: `${P}.stream()`, dbStream: `${P}.db().stream()`, readable: `${P}.readable` }[spec.source];
  const sourceKind = spec.source === 'readable' ? 'web' : 'node';
  features.add(`source:${spec.source}`);
  const lines = []; // the scope's statements
  lines.push(`const s = ${sourceExpr};`);
  let name = 's';
  let kind = sourceKind;
  const wrapped = wrap(spec.wrapper, kind, 's');
  if (wrapped) {
    lines.push(`const w = ${wrapped.expr};`);
    for (const use of wrapped.uses) imports.add(use);
    name = 'w';
    kind = wrapped.kind;
    features.add(`wrapper:${spec.wrapper}`);
  }

  // ----- how it is read: a started consumption, or a place for a full read -------------------
  let start = spec.start;
  if (kind === 'lines' && start !== 'none') start = 'line';
  else if (kind === 'web' && start !== 'none') start = 'pipeTo';
  else if (kind === 'response' || kind === 'reader') start = 'none';
  let poolKind = spec.pool;
  // Releasing on the stream's own end needs an event: a Node stream or a readline interface.
  if (poolKind === 'releaseOnEnd' && !(kind === 'node' || kind === 'lines')) poolKind = 'tryFinally';
  let end = start === 'none' || poolKind === 'releaseOnEnd' ? 'none' : spec.end;
  // `rl.close()` pauses the input but lets a read in flight finish: it is not the stream's destroy.
  if (kind === 'lines' && (end === 'pipeline' || end === 'destFinished' || end === 'destroy')) end = 'finished';
  if (start !== 'pipe' && start !== 'pipelineCallback' && end === 'destFinished') end = 'finished';
  if (start === 'pipeTo' && end !== 'none' && end !== 'branch' && end !== 'afterScope') end = 'awaitPipe';
  let place = start === 'none' ? spec.place : 'in';
  if (poolKind === 'explicitClose' && place === 'escape') place = 'after';
  features.add(`pool:${poolKind}`);
  features.add(start === 'none' ? `place:${place}` : `start:${start}`);
  if (start !== 'none') features.add(`end:${end}`);

  const prelude = []; // in main, before the frame
  const afterLines = []; // after the disposal point
  let scopeReturn; // `return …` ending the scope
  let mainReturn = '0';
  const needsOuter = place === 'after' || end === 'afterScope';
  if (needsOuter) prelude.push(`let out: ${KIND_TYPES[kind]} | undefined;`);
  if (kind === 'lines') imports.add('readline');
  if (kind === 'node' && !imports.has('Readable')) imports.add('ReadableType');

  if (poolKind === 'releaseOnEnd') lines.push(`${name}.on('${endEvent(kind)}', () => ${P}.release());`);

  if (start === 'none') {
    switch (place) {
      case 'in':
        lines.push(consumeAll(kind, name, 'v'));
        break;
      case 'escape':
        scopeReturn = name;
        break;
      case 'after':
        lines.push(`out = ${name};`);
        afterLines.push(consumeAll(kind, 'out!', 'v'));
        break;
    }
  } else {
    if (needsOuter) lines.push(`out = ${name};`);
    const dest = start === 'pipe' || start === 'pipelineCallback' ? 'dest' : undefined;
    if (dest) {
      runtimeImports.add('collector');
      prelude.push(`const ${dest} = collector();`);
    }
    let piping;
    switch (start) {
      case 'pipe':
        if (end !== 'pipeline') lines.push(`${name}.pipe(${dest});`);
        break;
      case 'pipelineCallback':
        // The callback form of node:stream's `pipeline` returns at once and reads on.
        if (end !== 'pipeline') {
          imports.add('pipelineCallback');
          lines.push(`pipelineCallback(${name}, ${dest}, (error) => sink(error));`);
        }
        break;
      case 'data':
        if (end !== 'pipeline') lines.push(`${name}.on('data', (chunk) => sink(chunk));`);
        break;
      case 'resume':
        if (end !== 'pipeline') lines.push(`${name}.resume();`);
        break;
      case 'line':
        lines.push(`${name}.on('line', (line) => sink(line));`);
        break;
      case 'pipeTo':
        runtimeImports.add('webCollector');
        if (end === 'none') {
          lines.push(`void ${name}.pipeTo(webCollector());`);
        } else {
          piping = 'piping';
          prelude.push(`let ${piping}: Promise<void> | undefined;`);
          lines.push(`${piping} = ${name}.pipeTo(webCollector());`);
        }
        break;
    }
    const target = end === 'afterScope' ? 'out!' : name;
    /** The statement that waits for the reading to be over. */
    const awaitEnd = () => {
      if (start === 'pipeTo') return `await ${piping}!;`;
      switch (kind === 'lines' ? 'close' : spec.variant % 2 === 0 ? 'finished' : 'once') {
        case 'close':
          return `await once(${target}, 'close');`;
        case 'finished':
          imports.add('finished');
          return `await finished(${target});`;
        default:
          return `await once(${target}, 'end');`;
      }
    };
    switch (end) {
      case 'none':
        break;
      case 'finished':
      case 'awaitPipe':
        if (kind !== 'lines' && start !== 'pipeTo') imports.add('finished');
        lines.push(kind === 'lines' || start === 'pipeTo' ? awaitEnd() : `await finished(${name});`);
        break;
      case 'once':
        lines.push(`await once(${name}, '${endEvent(kind)}');`);
        break;
      case 'promise':
        lines.push(`await new Promise((resolve) => ${name}.on('${endEvent(kind)}', resolve));`);
        break;
      case 'helper':
        // A function of the module that waits for the end: the rule does not look into it.
        imports.add('untilEnd');
        lines.push(`await untilEnd(${name}, '${endEvent(kind)}');`);
        break;
      case 'promiseBlock':
        lines.push(
          `await new Promise<void>((resolve, reject) => {\n  ${name}.on('error', reject);\n  ${name}.on('close', () => {\n    resolve();\n  });\n});`,
        );
        break;
      case 'pipeline':
        imports.add('pipeline');
        runtimeImports.add('collector');
        lines.push(start === 'pipe' || start === 'pipelineCallback' ? `await pipeline(${name}, dest);` : `await pipeline(${name}, collector());`);
        break;
      case 'destroy':
        lines.push(kind === 'lines' ? `${name}.close();` : `${name}.destroy();`);
        break;
      case 'destFinished':
        imports.add('finished');
        lines.push('await finished(dest);');
        break;
      case 'branch':
        // The rule counts an end awaited in a branch as awaited (a documented limit).
        limits.add('startedEndInBranch');
        lines.push(`if (${newInput()}) ${awaitEnd()}`);
        break;
      case 'afterScope':
        afterLines.push(awaitEnd());
        break;
    }
  }
  if (lines.some((line) => /\bonce\(/.test(line)) || afterLines.some((line) => /\bonce\(/.test(line))) imports.add('once');

  // ----- the frame: how the pool is disposed ---------------------------------------------
  const body = scopeReturn === undefined ? lines : [...lines, `return ${scopeReturn};`];
  const frame = [];
  switch (poolKind) {
    case 'tryFinally': {
      const release = [`${P}.release();`, `await ${P}.end();`, `if (${P}) ${P}.release();`, `${P}?.release();`][spec.variant % 4];
      features.add(`finally:${String(spec.variant % 4)}`);
      frame.push(`const ${P} = new Pool('${P}');`, 'try {', ...body.map((l) => indent(l)), '} finally {', `  ${release}`, '}');
      break;
    }
    case 'awaitUsing':
      frame.push('{', `  await using ${P} = new Pool('${P}');`, ...body.map((l) => indent(l)), '}');
      break;
    case 'explicitClose':
      frame.push(`const ${P} = new Pool('${P}');`, ...lines, `await ${P}.close();`);
      break;
    case 'factory':
      runtimeImports.add('withPool');
      frame.push(`const result = await withPool('${P}', async (${P}) => {`, ...body.map((l) => indent(l)), scopeReturn === undefined ? '  return 0;' : '', '});');
      mainReturn = 'result';
      break;
    case 'releaseOnEnd':
      frame.push(`const ${P} = new Pool('${P}');`, ...body);
      break;
  }
  // The escaping value is main's result, read by the runner as a caller would.
  const returnsFromFrame = scopeReturn !== undefined && poolKind !== 'factory';

  // ----- assembling ------------------------------------------------------------------------
  const out = [];
  out.push(`import { ${[...runtimeImports].join(', ')} } from 'pool-runtime';`);
  if (imports.has('Readable')) out.push("import { Readable } from 'node:stream';");
  else if (imports.has('ReadableType')) out.push("import type { Readable } from 'node:stream';");
  const promises = ['finished', 'pipeline'].filter((n) => imports.has(n));
  if (promises.length > 0) out.push(`import { ${promises.join(', ')} } from 'node:stream/promises';`);
  if (imports.has('pipelineCallback')) out.push("import { pipeline as pipelineCallback } from 'node:stream';");
  if (imports.has('once')) out.push("import { once } from 'node:events';");
  if (imports.has('readline')) out.push("import * as readline from 'node:readline';");
  if (imports.has('untilEnd')) {
    out.push(
      'function untilEnd(stream: { once(event: string, listener: () => void): unknown }, event: string): Promise<void> {',
      '  return new Promise((resolve) => {',
      '    stream.once(event, resolve);',
      '  });',
      '}',
    );
  }
  out.push('export async function main(): Promise<unknown> {');
  const mainBody = [...prelude, ...frame.filter((l) => l !== ''), ...afterLines];
  if (!returnsFromFrame) mainBody.push(`return ${mainReturn};`);
  out.push(...mainBody.map((l) => indent(l)), '}');
  return { code: `${out.join('\n')}\n`, inputs, features: [...features].sort(), limits: [...limits].sort(), spec };
}
