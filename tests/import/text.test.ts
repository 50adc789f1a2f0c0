// Every character of a file arrives: encodings (UTF-8 with or without BOM, UTF-16 LE/BE by BOM,
// Windows-1252), any line endings, the delimiter of the header line; the preview reads a file the
// same way the import does.
import { afterEach, describe, expect, it } from 'vitest';
import { detectEncoding } from '../../electron/services/csv-read';
import { previewImport } from '../../electron/services/import';
import { detectDelimiter } from '../../shared/csv/text';
import { accountModel, env, failingImport, HEADER, type Env } from './support';

let current: Env | undefined;
afterEach(() => {
  current?.close();
  current = undefined;
});
const setup = () => (current = env());

/** Windows-1252 bytes of a string whose every character is in that code page (built by hand here, in the test). */
function cp1252(text: string): Buffer {
  const extra: Record<string, number> = {
    '€': 0x80,
    '‚': 0x82,
    ƒ: 0x83,
    '„': 0x84,
    '…': 0x85,
    '†': 0x86,
    '‡': 0x87,
    ˆ: 0x88,
    '‰': 0x89,
    Š: 0x8a,
    '‹': 0x8b,
    Œ: 0x8c,
    Ž: 0x8e,
    '‘': 0x91,
    '’': 0x92,
    '“': 0x93,
    '”': 0x94,
    '•': 0x95,
    '–': 0x96,
    '—': 0x97,
    '˜': 0x98,
    '™': 0x99,
    š: 0x9a,
    '›': 0x9b,
    œ: 0x9c,
    ž: 0x9e,
    Ÿ: 0x9f,
  };
  return Buffer.from(
    [...text].map((c) => {
      const code = c.charCodeAt(0);
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
      if (c in extra) return extra[c];
      throw new Error(`${c} is not in Windows-1252`);
    }),
  );
}

/** UTF-16 LE with a BOM, as Excel's "Unicode Text" writes it. */
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};

/** Users and nodes of the newest snapshot, names as stored. */
function stored(e: Env) {
  const id = e.store.list()[0].id;
  const users = e.store.users(id).users.map((u) => [u.email, u.name]);
  const nodes = e.store.tree(id).map((n) => n.path);
  return { users, nodes };
}

const hexOf = (s: string) => Buffer.from(s, 'utf8').toString('hex');

describe('encodings', () => {
  it('imports a Windows-1252 file with every character intact ("Café Zoë", "Müller & Söhne – €")', async () => {
    const e = setup();
    const text = `${HEADER}\r\nzoe@cafe.test,Café Zoë,Org Admin,Bäckerei MSP,Müller & Söhne – €\r\n`;
    const file = e.file('cp1252.csv', cp1252(text));
    const info = await e.run([file]);
    expect(info.files[0].encoding).toBe('windows-1252');
    const { users, nodes } = stored(e);
    expect(users.map(([, name]) => hexOf(name))).toEqual([hexOf('Café Zoë')]);
    expect(nodes.map(hexOf)).toEqual([hexOf('Bäckerei MSP'), hexOf('Bäckerei MSP/Müller & Söhne – €')]);
    expect(e.store.get(info.id)?.files[0].encoding).toBe('windows-1252');
  });

  it('reads the bytes 0x80 0x96 0x92 of a Windows-1252 file as "€–’" (not as C1 controls)', async () => {
    const e = setup();
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\nzoe@cafe.test,Zo`),
      Buffer.from([0x80, 0x96, 0x92]),
      Buffer.from(',Org Admin,MSP,Acme\n'),
    ]);
    await e.run([e.file('c1.csv', bytes)]);
    expect(stored(e).users.map(([, name]) => hexOf(name))).toEqual([hexOf('Zo€–’')]);
  });

  it('imports Excel "Unicode Text": UTF-16 LE with BOM, tab-separated, CRLF, with every character intact', async () => {
    const e = setup();
    const text = 'email\tname\trole\taccount\torganization\r\nzoe@praxis.test\tZoë Ärztin 😀\tOrg Admin\tΑθήνα MSP\tПраксис 東京\r\n';
    const file = e.file('unicode.txt', utf16le(text));
    const info = await e.run([file]);
    expect(info.files[0].encoding).toBe('utf-16le');
    const { users, nodes } = stored(e);
    expect(users.map(([email, name]) => [email, hexOf(name)])).toEqual([['zoe@praxis.test', hexOf('Zoë Ärztin 😀')]]);
    expect(nodes.map(hexOf)).toEqual([hexOf('Αθήνα MSP'), hexOf('Αθήνα MSP/Праксис 東京')]);
  });

  it('imports UTF-16 BE with BOM, and UTF-8 with and without BOM, alike', async () => {
    const e = setup();
    const text = `${HEADER}\nzoe@praxis.test,Zoë,Org Admin,MSP,Praxis Müller\n`;
    const files = [
      e.file('be.csv', utf16be(text)),
      e.file('bom.csv', Buffer.from(`\uFEFF${text}`)),
      e.file('plain.csv', Buffer.from(text)),
    ];
    const encodings: string[] = [];
    for (const file of files) {
      const info = await e.run([file], { allowDuplicate: true });
      encodings.push(info.files[0].encoding);
      expect(stored(e)).toEqual({ users: [['zoe@praxis.test', 'Zoë']], nodes: ['MSP', 'MSP/Praxis Müller'] });
    }
    expect(encodings).toEqual(['utf-16be', 'utf-8', 'utf-8']);
  });

  it('detects the encoding from the BOM, else from whether the bytes are valid UTF-8 (a character cut by a chunk is still valid)', async () => {
    const e = setup();
    expect(await detectEncoding(e.file('a', utf16le('x')))).toEqual({ encoding: 'utf-16le', bom: 2 });
    expect(await detectEncoding(e.file('b', utf16be('x')))).toEqual({ encoding: 'utf-16be', bom: 2 });
    expect(await detectEncoding(e.file('c', Buffer.from('\uFEFFx')))).toEqual({ encoding: 'utf-8', bom: 3 });
    expect(await detectEncoding(e.file('d', Buffer.from('Zoë')))).toEqual({ encoding: 'utf-8', bom: 0 });
    expect(await detectEncoding(e.file('e', cp1252('Zoë')))).toEqual({ encoding: 'windows-1252', bom: 0 });
    // 'ë' (2 bytes) and '😀' (4 bytes) straddling the 1 MiB read boundary
    for (const tail of ['ë', '😀']) {
      const before = Buffer.alloc(1024 * 1024 - 1, 'a');
      expect(await detectEncoding(e.file(`f${tail.length}`, Buffer.concat([before, Buffer.from(`${tail}bc`)])))).toEqual({
        encoding: 'utf-8',
        bom: 0,
      });
    }
    // A file ending in the middle of a UTF-8 sequence is not UTF-8.
    expect(await detectEncoding(e.file('g', Buffer.from([0x61, 0xc3])))).toEqual({ encoding: 'windows-1252', bom: 0 });
  });

  it('refuses a UTF-16 file whose bytes are not UTF-16 rather than replacing them', async () => {
    const e = setup();
    const good = utf16le(`${HEADER}\nzoe@praxis.test,Zoë,Org Admin,MSP,Praxis\n`);
    // A lone low surrogate (0xDC00) in the middle of the name.
    const broken = Buffer.concat([good.subarray(0, good.length - 20), Buffer.from([0x00, 0xdc]), good.subarray(good.length - 20)]);
    const { lines } = await failingImport(e, [e.file('broken.txt', broken)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^broken\.txt:\d+: the file is not valid UTF-16 LE text \(bytes 0–\d+\); it was read as UTF-16 LE because of its byte order mark/,
    );
  });

  it('refuses a cell holding U+FFFD: the text was damaged before it reached the file', async () => {
    const e = setup();
    const file = e.file('damaged.csv', `${HEADER}\nzoe@cafe.test,Caf\uFFFD Zo\uFFFD,Org Admin,MSP,Acme\n`);
    expect((await failingImport(e, [file])).lines).toEqual([
      'damaged.csv:2: name (column 2) contains U+FFFD, the replacement character: the text was damaged before it reached this file (re-export it)',
    ]);
  });

  it('shows the encoding in the preview', async () => {
    const e = setup();
    const [preview] = await previewImport(
      [{ path: e.file('unicode.txt', utf16le('email\trole\taccount\r\nzoe@x.test\tAdmin\tMSP\r\n')) }],
      accountModel,
    );
    expect(preview).toMatchObject({
      encoding: 'utf-16le',
      delimiter: '\t',
      headers: ['email', 'role', 'account'],
      firstRows: [['zoe@x.test', 'Admin', 'MSP']],
      problems: [],
    });
    const [latin] = await previewImport(
      [{ path: e.file('latin.csv', cp1252('email,role,account\nzoe@x.test,Admin,Café\n')) }],
      accountModel,
    );
    expect(latin).toMatchObject({ encoding: 'windows-1252', firstRows: [['zoe@x.test', 'Admin', 'Café']] });
  });
});

describe('line endings and delimiters', () => {
  const rows = ['ada@msp.test,Ada,Admin,MSP,', 'oli@acme.test,Oli,Org Admin,MSP,Acme', 'eve@acme.test,Eve,User,MSP,Acme'];

  it('reads CRLF after the first line and LF after it, CR only after blank lines, and mixed CRLF/LF, with the right line numbers', async () => {
    const e = setup();
    const forms = {
      'first-crlf.csv': `${HEADER}\r\n${rows.join('\n')}\n`,
      'cr-only.csv': `\r\r${HEADER}\r${rows.join('\r')}\r`,
      'mixed.csv': `${HEADER}\r\n${rows[0]}\n${rows[1]}\r\n${rows[2]}\n`,
    };
    for (const [name, content] of Object.entries(forms)) {
      const info = await e.run([e.file(name, content)], { allowDuplicate: true });
      const view = e.store.view(info.id);
      const lines = e.store.users(info.id).users.flatMap((u) => view.assignmentsOfUser(u.id).map((a) => `${u.email}:${a.sourceLine}`));
      const offset = name === 'cr-only.csv' ? 2 : 0;
      expect(lines.sort(), name).toEqual([`ada@msp.test:${2 + offset}`, `eve@acme.test:${4 + offset}`, `oli@acme.test:${3 + offset}`]);
    }
  });

  it('a line break inside a quoted field counts once whatever its form (CRLF, LF, CR)', async () => {
    const e = setup();
    const file = e.file('quoted.csv', `${HEADER},notes\r\nada@msp.test,Ada,Admin,MSP,,"a\r\nb\rc\nd"\r\nbad,B,User,MSP,,\r\n`);
    expect((await failingImport(e, [file])).lines).toEqual(['quoted.csv:6: malformed email "bad"']);
  });

  it('takes the delimiter from the header line: a comma file with ";"-separated roles in a cell', async () => {
    const e = setup();
    const file = e.file('roles.csv', `${HEADER}\nada@msp.test,Ada,Admin;Finance;Read-Only,MSP,\nbob@msp.test,Bob,User;Finance,MSP,\n`);
    const [preview] = await previewImport([{ path: file }], accountModel);
    expect(preview.delimiter).toBe(',');
    const info = await e.run([file]);
    expect(info.assignmentCount).toBe(5);
  });

  it('detectDelimiter counts outside quotes on the first non-blank line; ties go to "," then ";" then tab then "|"', () => {
    expect(detectDelimiter('a,b,c\nx;y;z;w;v\n')).toBe(',');
    expect(detectDelimiter('\n  \n"a;b","c;d",e;f;g;h\n')).toBe(';');
    expect(detectDelimiter('"x,y,z"\tb\tc\n')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('a;b,c')).toBe(',');
    expect(detectDelimiter('email')).toBe(',');
    expect(detectDelimiter('"multi\nline,header";x;y\n')).toBe(';');
  });

  it('a first line of only delimiters is blank, as the reader sees it: ",,\\nemail;role;account" imports', async () => {
    const e = setup();
    const file = e.file('blank-first.csv', ',,\n ; \n|\t|\nemail;role;account\nada@msp.test;Admin;MSP\n');
    const [preview] = await previewImport([{ path: file }], accountModel);
    expect(preview).toMatchObject({ delimiter: ';', headers: ['email', 'role', 'account'], problems: [] });
    const info = await e.run([file]);
    expect(info.assignmentCount).toBe(1);
    expect(detectDelimiter(',,\nemail;role;account\n')).toBe(';');
    expect(detectDelimiter('\t\t\n|a|b|\n')).toBe('|');
    expect(detectDelimiter('"",""\n" ; ";x;y\na,b\n')).toBe(';');
    expect(detectDelimiter('"a,b"\n')).toBe(',');
  });
});
