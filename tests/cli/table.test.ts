// The CLI's tables at a terminal's width: what gets cut, and how.
import { describe, expect, it } from 'vitest';
import { formatTable, wrap } from '../../electron/cli/table';

describe('formatTable', () => {
  it('fits the width, cutting the widest column with an ellipsis', () => {
    const table = formatTable(['NAME', 'NOTE'], [['Ada', 'a note that is far too long to fit in this table at all']], 30);
    for (const line of table.split('\n')) expect([...line].length).toBeLessThanOrEqual(30);
    expect(table.split('\n')[2]).toBe('Ada   a note that is far too …');
  });

  it('cuts an email address in its local part, so the domain (whose person this is) stays whole', () => {
    const table = formatTable(['EMAIL', 'ROLE'], [['priya.raman.consultant@coastal-it.example', 'Admin']], 36);
    expect(table.split('\n')[2]).toBe('priya.ram…@coastal-it.example  Admin');
  });

  it('wraps each line of a text on its own, so a line break never glues two words into one', () => {
    expect(wrap('12 people can "Approve" in Northwind MSP/Bayside Dental\n(snapshot #1)', 60)).toBe(
      '12 people can "Approve" in Northwind MSP/Bayside Dental\n(snapshot #1)',
    );
    expect(wrap('one two three four', 9)).toBe('one two\nthree\nfour');
  });
});
