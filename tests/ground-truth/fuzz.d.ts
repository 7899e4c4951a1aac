// Types for fuzz.js.
import type { Arbitrary } from 'fast-check';

export const fuzzProgramArbitrary: Arbitrary<string>;
export function sampleFuzzPrograms(count: number, seed: number): string[];
