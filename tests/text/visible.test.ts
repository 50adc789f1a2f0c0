import { describe, expect, it } from 'vitest';
import { visible } from '../../shared/text/visible';

describe('visible', () => {
  it('escapes C0 controls (newline excepted), DEL, C1, the separators and the bidi controls', () => {
    expect(visible('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(visible('\x1b]0;title\x07')).toBe('\\x1b]0;title\\x07');
    expect(visible('\x00\t\r\x7f\x85\x9b')).toBe('\\x00\\x09\\x0d\\x7f\\x85\\x9b');
    const bidi = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const char of bidi) expect(visible(`x${char}y`)).toBe(`x\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}y`);
    expect(visible('\u2028\u2029')).toBe('\\u2028\\u2029');
  });

  it('keeps newlines and every other character as it is', () => {
    const text = 'Ada Lovelace <ada@northwind.example>\nZoë Ünal · Åsa 李 ✔ — "quoted" \\x1b';
    expect(visible(text)).toBe(text);
  });
});
