// Text in code point order: the order SQLite's BINARY collation gives UTF-8 text, so a stream sorted
// by SQLite and one sorted here can be merged. JavaScript's own `<` compares UTF-16 code units,
// which puts U+10000 and above (surrogate pairs, D800–DFFF) before U+E000–U+FFFF.

/** A code unit's rank in code point order: surrogates after E000–FFFF, everything else as it is. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/** Negative when `a` comes first in code point order, positive when `b` does, 0 when they are equal. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}
