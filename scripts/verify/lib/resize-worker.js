// The piscina examples' `./resize-worker.js`: a stand-in for an image resize
// that reports how many bytes it "wrote" for the file it was given.
export default function resize({ file, width }) {
  return { file, bytes: String(file).length * Number(width) };
}
