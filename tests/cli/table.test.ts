// The CLI's tables at a terminal's width, in a pipe and in a file: what wraps, and that no key is ever cut.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, formatTable, key, optional, outputWidth, wrap } from '../../electron/cli/table';

const lines = (text: string) => text.split('\n');
const widest = (text: string) => Math.max(...lines(text).map(displayWidth));

describe('displayWidth', () => {
  it('counts by string-width: wide CJK and emoji 2, combining marks 0', () => {
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('👩‍💻')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('José')).toBe(stringWidth('José'));
  });

  it('counts a text-style symbol (✔ ✖ without U+FE0F) as the one column a terminal draws', () => {
    expect(displayWidth('✔')).toBe(1);
    expect(displayWidth('✖')).toBe(1);
    expect(displayWidth('✔\uFE0F')).toBe(2);
  });
});

describe('outputWidth', () => {
  it("is the terminal's width when stdout is one, else COLUMNS, else no limit", () => {
    expect(outputWidth({ isTTY: true, columns: 120 }, { COLUMNS: '80' })).toBe(120);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '80' })).toBe(80);
    expect(outputWidth({ isTTY: false }, {})).toBeUndefined();
    expect(outputWidth({}, { COLUMNS: 'wide' })).toBeUndefined();
  });
});

describe('formatTable', () => {
  it('fits the width by wrapping a column that is not a key onto further lines, losing nothing', () => {
    const note = 'a note that is far too long to fit in this table at all';
    const table = formatTable([key('NAME'), 'NOTE'], [['Ada', note]], { width: 30 });
    expect(widest(table)).toBeLessThanOrEqual(30);
    expect(lines(table).slice(2)).toEqual(['Ada   a note that is far too', '      long to fit in this', '      table at all']);
    expect(table).not.toContain('…');
  });

  it('aligns wide and combining characters by the columns they take on screen', () => {
    const table = formatTable(
      [key('NAME'), key('ROLE')],
      [
        ['山田太郎', 'Admin'],
        ['Jose\u0301', 'Read-Only'],
        ['👩‍💻 Dev', 'Owner'],
      ],
      { width: 80 },
    );
    const at = lines(table)
      .filter((line) => !line.startsWith('─'))
      .map((line) => displayWidth(line.slice(0, line.search(/(Admin|Read-Only|Owner|ROLE)$/))));
    expect(new Set(at).size).toBe(1);
    expect(lines(table)[2]).toBe('山田太郎  Admin');
    expect(lines(table)[3]).toBe('Jose\u0301      Read-Only');
  });

  it('never cuts a key at width 80: long emails, long paths, names sharing a long prefix stay whole', () => {
    const rows = [
      [
        'priya.raman.consultant.external@coastal-it-managed-services.example',
        'Incident Responder',
        'Cobalt Ridge Partners/Incident Reports/Archive',
        'UI, API',
      ],
      [
        'priya.raman.consultant.external@coastal-it-managed-services.example',
        'Incident Responder',
        'Cobalt Ridge Partners/Incident Reports/Active',
        'UI',
      ],
      ['ada@northwind.example', 'incident-reports.view.all-organizations', 'Cobalt Ridge Partnership Holdings', 'API'],
    ];
    const table = formatTable([key('EMAIL'), key('ROLE'), key('SCOPE'), 'CHANNEL'], rows, { width: 80 });
    for (const row of rows) for (const cell of row.slice(0, 3)) expect(lines(table)).toContainEqual(expect.stringContaining(cell));
    expect(table).not.toContain('…');
  });

  it('puts keys that cannot sit side by side in the width one to a line, under the first', () => {
    const email = 'priya.raman.consultant.external@coastal-it-managed-services.example';
    const table = formatTable(
      [key('EMAIL'), key('SCOPE'), 'CHANNEL'],
      [[email, 'Cobalt Ridge Partners/Incident Reports/Archive', 'UI, API']],
      { width: 80 },
    );
    expect(widest(table)).toBeLessThanOrEqual(80);
    expect(lines(table)).toEqual([
      'EMAIL',
      '─────',
      email,
      '  SCOPE    Cobalt Ridge Partners/Incident Reports/Archive',
      '  CHANNEL  UI, API',
    ]);
  });

  it('leaves out optional columns, from the right and with a note, before it gives up the table', () => {
    const rows = [['policy-inheritance.configure', 'Configure Policy Inheritance', 'Child organizations', 'organization', 'change']];
    const cols = [key('ID'), key('LABEL'), 'CATEGORY', optional('LEVEL'), optional('KIND')];
    const table = formatTable(cols, rows, { width: 80 });
    expect(lines(table)[0]).toBe('ID                            LABEL                         CATEGORY');
    expect(lines(table)[2]).toBe('policy-inheritance.configure  Configure Policy Inheritance  Child organizations');
    expect(table.replace(/\s+/g, ' ')).toContain('(LEVEL, KIND left out to fit 80 columns;');
    expect(widest(table)).toBeLessThanOrEqual(80);
    expect(formatTable(cols, rows, { width: undefined })).toContain('organization  change');
  });

  it('with no width (a pipe, a file) prints every cell whole on one line', () => {
    const note = 'a note that is far too long to fit in any eighty-column terminal, which is fine in a file or a pipe';
    const table = formatTable([key('EMAIL'), 'NOTE'], [['priya.raman.consultant.external@coastal-it-managed-services.example', note]], {
      width: undefined,
    });
    expect(lines(table)).toHaveLength(3);
    expect(lines(table)[2]).toContain(note);
  });

  it('prints a cell of several lines (a list) one item a line, whole', () => {
    const table = formatTable(
      [key('PERMISSION'), key('VIA')],
      [['View Logs', 'Admin @ Northwind MSP\nRead-Only @ Northwind MSP/Harbor Law']],
      { width: 80 },
    );
    expect(lines(table).slice(2)).toEqual(['View Logs   Admin @ Northwind MSP', '            Read-Only @ Northwind MSP/Harbor Law']);
  });

  it('escapes control characters before measuring', () => {
    const table = formatTable([key('NAME'), 'X'], [['a\x1b[2Jb', '1']], { width: 80 });
    expect(lines(table)[2]).toBe('a\\x1b[2Jb  1');
  });
});

describe('wrap', () => {
  it('wraps each line of a text on its own, so a line break never glues two words into one', () => {
    expect(wrap('12 people can "Approve" in Northwind MSP/Bayside Dental\n(snapshot #1)', 60)).toBe(
      '12 people can "Approve" in Northwind MSP/Bayside Dental\n(snapshot #1)',
    );
    expect(wrap('one two three four', 9)).toBe('one two\nthree\nfour');
  });

  it('never breaks a phrase given as whole (a scope path) at its spaces', () => {
    const path = 'Cobalt Ridge Partners/Harborline Security/Altavista Health North Campus';
    const text = wrap(`YES: rohan@harborline.example can "View Logs" at ${path} via the UI`, 80, '', [path]);
    expect(text.split('\n').some((line) => line.includes(path))).toBe(true);
    expect(text.split('\n').every((line) => displayWidth(line) <= 80)).toBe(true);
  });

  it('leaves text as it is with no width', () => {
    const text = 'word '.repeat(40).trim();
    expect(wrap(text, undefined)).toBe(text);
  });
});

describe('measuring plain text at once', () => {
  it('counts every character of the one-column ranges as string-width does, one by one', () => {
    const ranges: [number, number][] = [
      [0x20, 0x7e],
      [0xa0, 0x2ff],
      [0x2010, 0x205e],
      [0x2500, 0x257f],
    ];
    for (const [from, to] of ranges) {
      for (let code = from; code <= to; code++) {
        const char = String.fromCharCode(code);
        const expected = stringWidth(char) === 2 && /\p{Extended_Pictographic}/u.test(char) ? 1 : stringWidth(char); // a text-style symbol is drawn one column wide
        expect(displayWidth(`ab${char}cd`), `U+${code.toString(16)}`).toBe(4 + expected);
      }
    }
  });
});
