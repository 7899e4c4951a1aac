// Text helpers shared by the program generators.

/** `text` with every non-empty line indented by `levels` × two spaces. */
export function indent(text, levels = 1) {
  const pad = '  '.repeat(levels);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** A program's inputs (`a`, `b`, …) and `next()`, which names a new one as the program reads it: `input.a`. */
export function inputNames() {
  const names = [];
  return {
    names,
    next() {
      const name = String.fromCharCode(97 + names.length);
      names.push(name);
      return `input.${name}`;
    },
  };
}
