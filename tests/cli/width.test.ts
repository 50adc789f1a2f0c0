// The CLI as a process: the width it lays text out at (COLUMNS, or none in a pipe) and that keys stay whole.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../electron/cli/table';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin/permaudit.cjs');
let dir: string;
let db: string;

const LONG = 'Cobalt Ridge Partners Managed Security Services';
const CSV = [
  'email,name,role,account,organization,status,last_login,mfa',
  `priya.raman.consultant.external@coastal-it-managed-services.example,Priya Raman,Admin,Northwind MSP,${LONG} North,active,2026-10-01,true`,
  `priya.raman.consultant.external@coastal-it-managed-services.example,Priya Raman,Admin,Northwind MSP,${LONG} South,active,2026-10-01,true`,
  'ada@northwind.example,Ada Lovelace,Admin,Northwind MSP,,active,2026-10-01,true',
].join('\n');

function run(columns: string | undefined, ...args: string[]) {
  const env = { ...process.env };
  delete env.COLUMNS;
  if (columns !== undefined) env.COLUMNS = columns;
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-width-'));
  db = path.join(dir, 'audit.db');
  fs.writeFileSync(path.join(dir, 'long.csv'), CSV);
  expect(run(undefined, 'import', path.join(dir, 'long.csv'), '--platform', 'huntress', '--db', db).code).toBe(0);
});

describe('permaudit text at a width', () => {
  const email = 'priya.raman.consultant.external@coastal-it-managed-services.example';

  it('with COLUMNS=80: no line over 80 columns and every email and path whole', () => {
    for (const args of [
      ['who-can', 'View Reports', '--db', db],
      ['matrix', '--db', db],
      ['access', email, '--db', db],
    ]) {
      const { code, stdout } = run('80', ...args);
      expect(code).toBe(0);
      for (const line of stdout.trimEnd().split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      expect(stdout).toContain(email);
      expect(stdout).not.toContain('…');
    }
    const whoCan = run('80', 'who-can', 'View Reports', '--db', db).stdout;
    expect(whoCan).toContain(`Northwind MSP/${LONG} North`);
    expect(whoCan).toContain(`Northwind MSP/${LONG} South`);
  });

  it('in a pipe without COLUMNS: one row a line, nothing cut, however wide', () => {
    const { stdout } = run(undefined, 'who-can', 'View Reports', '--db', db);
    const rows = stdout.split('\n').filter((line) => line.startsWith(email));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`Northwind MSP/${LONG} (North|South) +UI, API$`));
    expect(stdout).not.toContain('…');
  });
});
