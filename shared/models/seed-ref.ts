import type { SeedRef } from '../model/types';

/** `lines(file)(5, 68)` → the seed references `{ file, line: 5 }, { file, line: 68 }`. */
export const lines =
  (file: string) =>
  (...numbers: number[]): SeedRef[] =>
    numbers.map((line) => ({ file, line }));
