import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewImport, PREVIEW_ROWS } from '../../electron/services/import';
import { accountModel, HEADER, tempDir } from './support';

const write = (dir: string, name: string, content: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

describe('previewImport', () => {
  it('shows headers, the detected delimiter and mapping, and the first rows', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 8 }, (_, i) => `u${i}@msp.test;User ${i};Admin;MSP;`);
    const file = write(dir, 'export.csv', `\uFEFFE-mail;Full Name;User Role;Account Name;Organization Name;Phone\n${rows.join('\n')}\n`);
    const [preview] = await previewImport([{ path: file }], accountModel);
    expect(preview).toEqual({
      name: 'export.csv',
      headers: ['E-mail', 'Full Name', 'User Role', 'Account Name', 'Organization Name', 'Phone'],
      delimiter: ';',
      encoding: 'utf-8',
      mapping: { email: 'E-mail', name: 'Full Name', role: 'User Role', account: 'Account Name', organization: 'Organization Name' },
      problems: [],
      firstRows: rows.slice(0, PREVIEW_ROWS).map((r) => r.split(';')),
    });
  });

  it('applies an explicit mapping and reports what is still missing or wrong', async () => {
    const dir = tempDir();
    const file = write(dir, 'custom.csv', 'Login\tWho\tTenant\nada@msp.test\tAda\tMSP\n');
    const [preview] = await previewImport([{ path: file, name: 'given.csv' }], accountModel, {
      mapping: { email: 'Login', name: 'Who', organization: 'Client' },
    });
    expect(preview.name).toBe('given.csv');
    expect(preview.delimiter).toBe('\t');
    expect(preview.mapping).toEqual({ email: 'Login', name: 'Who' });
    expect(preview.problems).toEqual([
      'the column mapping organization="Client" names a header this file does not have (headers: "Login", "Who", "Tenant")',
      'missing required column "role" (headers: "Login", "Who", "Tenant")',
      'missing required column "account" (headers: "Login", "Who", "Tenant")',
    ]);
  });

  it('says when a file is empty or has only a header', async () => {
    const dir = tempDir();
    const [empty, header] = await previewImport(
      [{ path: write(dir, 'empty.csv', '') }, { path: write(dir, 'header.csv', `${HEADER}\n`) }],
      accountModel,
    );
    expect(empty).toMatchObject({
      headers: [],
      firstRows: [],
      problems: ['the file is empty: expected a header row and at least one row'],
    });
    expect(header).toMatchObject({ headers: HEADER.split(','), firstRows: [], problems: ['the file has a header but no rows'] });
  });

  it('reads only the start of a large file', async () => {
    const dir = tempDir();
    const line = 'user@msp.test,User,Admin,MSP,\n';
    const file = write(dir, 'large.csv', HEADER + '\n' + line.repeat(Math.ceil((3 * 1024 * 1024) / line.length)));
    const [preview] = await previewImport([{ path: file }], accountModel);
    expect(preview.firstRows).toHaveLength(PREVIEW_ROWS);
    expect(preview.problems).toEqual([]);
  });

  it('refuses a file that does not exist', async () => {
    const missing = path.join(tempDir(), 'nope.csv');
    await expect(previewImport([{ path: missing }], accountModel)).rejects.toMatchObject({
      kind: 'not-found',
      message: `file not found: ${missing}`,
    });
  });
});
