// `permaudit diff` and `permaudit diff-model` as a user runs them: Northwind MSP's November export
// against its December one (resources/samples/README.md lists what changed), and Huntress's model
// before and after June 2022.
import path from 'node:path';
import Papa from 'papaparse';
import { prepareCli, root, runCli } from '../support/cli';
import { beforeAll, describe, expect, it } from 'vitest';

const samples = path.join(root, 'resources/samples');
let dir: string;
let db: string;

const run = (...args: string[]) => runCli(dir, ...args);

beforeAll(() => {
  dir = prepareCli('permaudit-diff-');
  db = path.join(dir, 'audit.db');
  for (const [file, platform] of [
    ['huntress-msp.csv', 'huntress'],
    ['huntress-msp-december.csv', 'huntress'],
    ['hexiosec-asm.csv', 'hexiosec-asm'],
  ]) {
    expect(run('import', path.join(samples, file), '--platform', platform, '--db', db).code).toBe(0);
  }
});

describe('permaudit diff', () => {
  it('reads like a plan: people, assignments, then access grouped by person, privileged first, the summary last', () => {
    const { code, stdout, stderr } = run('diff', '1', '2', '--db', db);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('  - marcus.webb@northwind-msp.example\n');
    expect(stdout).toContain('  + samuel.ortiz@northwind-msp.example\n');
    expect(stdout).toContain('  ~ daniel.okonkwo@northwind-msp.example: mfa disabled → enabled\n');
    expect(stdout).toMatch(/\+ priya\.raman@coastal-it\.example: Admin · organization @\s+Northwind MSP\/Harbor Law Group/);
    // The swap at Bayside Dental (Admin → User) loses what only Admin grants, and keeps View Reports.
    const tomas = stdout.slice(stdout.indexOf('~ tomas.herrera@northwind-msp.example (Tomás Herrera)'));
    expect(tomas).toContain('- Approve Assisted Remediation');
    expect(tomas.split('\n\n')[0]).not.toContain('View Reports');
    // The offboarded account Admin's losses: privileged ones first.
    const marcus = stdout.slice(stdout.indexOf('- marcus.webb@northwind-msp.example (Marcus Webb)')).split('\n\n')[0].split('\n');
    expect(marcus[1]).toMatch(/^ {4}all at Northwind MSP and below, via Admin · account/);
    const losses = marcus.filter((line) => line.startsWith('    - '));
    const privileged = losses.filter((line) => line.endsWith('[privileged]'));
    expect(privileged.length).toBeGreaterThan(0);
    expect(losses.slice(0, privileged.length)).toEqual(privileged);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^Summary: 2 people gain \d+ grants, 4 lose \d+; 1 added, 2 removed\.$/);
    // Nothing a person reads is cut at 80 columns.
    for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('gives JSON with provenance of both snapshots, and the same changes as the text', () => {
    const { code, stdout } = run('diff', '1', '2', '--db', db, '--json');
    expect(code).toBe(0);
    const diff = JSON.parse(stdout);
    expect(diff.users.removed).toEqual(['gregor.steiner@ironbridge-mfg.example', 'marcus.webb@northwind-msp.example']);
    expect(diff.provenance.snapshots.map((s: { snapshot: { id: number } }) => s.snapshot.id)).toEqual([1, 2]);
    expect(diff.provenance.snapshots[1].sourceFiles[0]).toMatchObject({
      name: 'huntress-msp-december.csv',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const priya = diff.access.filter((c: { email: string }) => c.email === 'priya.raman@coastal-it.example');
    expect(priya.length).toBeGreaterThan(0);
    for (const c of priya) {
      expect(c).toMatchObject({ change: 'gained', scope: 'Northwind MSP/Harbor Law Group', extent: 'here' });
      expect(c.via).toMatchObject({
        role: 'Admin · organization',
        assignedAt: 'Northwind MSP/Harbor Law Group',
        sourceFile: 'huntress-msp-december.csv',
      });
    }
    const text = run('diff', '1', '2', '--db', db).stdout;
    expect(text).toContain(`Summary: ${diff.summary}.`);
  });

  it('--privileged keeps the privileged changes only', () => {
    const all = JSON.parse(run('diff', '1', '2', '--db', db, '--json').stdout);
    const only = JSON.parse(run('diff', '1', '2', '--db', db, '--json', '--privileged').stdout);
    expect(only.access).toEqual(all.access.filter((c: { privileged: boolean }) => c.privileged));
    expect(only.access.length).toBeGreaterThan(0);
    expect(only.provenance.question.filters).toEqual({ privileged: true });
  });

  it('writes one CSV row per change, and no cell a spreadsheet would run', () => {
    const { code, stdout } = run('diff', '1', '2', '--db', db, '--format', 'csv');
    expect(code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(stdout, { header: true, skipEmptyLines: true }).data;
    const json = JSON.parse(run('diff', '1', '2', '--db', db, '--json').stdout);
    expect(rows.filter((r) => r.kind === 'access')).toHaveLength(json.access.length);
    expect(rows.filter((r) => r.kind === 'assignment')).toHaveLength(json.assignments.added.length + json.assignments.removed.length);
    expect(
      rows.find((r) => r.kind === 'person' && r.change === 'changed' && r.email === 'daniel.okonkwo@northwind-msp.example')?.detail,
    ).toBe('mfa: disabled → enabled');
    expect(rows.filter((r) => Object.values(r).some((v) => /^[=+\-@\t\r]/.test(v)))).toEqual([]);
  });

  it('refuses snapshots of two platforms (exit 1) and an id that is not one (exit 2)', () => {
    const platforms = run('diff', '1', '3', '--db', db);
    expect(platforms.code).toBe(1);
    expect(platforms.stderr).toContain('snapshot #1 is Huntress and #3 is Hexiosec ASM: a diff compares two snapshots of one platform');
    const usage = run('diff', '1', 'latest', '--db', db);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('SNAPSHOT_B must be a whole number');
  });
});

describe('permaudit diff-model', () => {
  it('Huntress before and after June 2022: organization Admin gains Approve Assisted Remediation; Finance and Marketing are added', () => {
    const { code, stdout } = run('diff-model', 'huntress', '--from', '2022-01-01', '--to', '2022-07-01');
    expect(code).toBe(0);
    expect(stdout).toContain('Huntress: model version pre-2022-06 → 2022-06, in force from 2022-06-01');
    expect(stdout).toContain('~ Admin · organization (changed)\n    + Approve Assisted Remediation\n');
    expect(stdout).toContain('+ Finance (added)');
    expect(stdout).toContain('+ Marketing (added)');
    expect(stdout).toContain('    + Update Payment Info  [privileged]');
  });

  it('with a database, lists whom the change affects in the newest snapshot, with the assignment behind each gain', () => {
    const json = JSON.parse(run('diff-model', 'huntress', '--from', '2022-01-01', '--db', db, '--snapshot', '1', '--json').stdout);
    expect(json.roles.map((r: { role: string; status: string }) => `${r.role} ${r.status}`)).toEqual([
      'account-finance added',
      'account-marketing added',
      'org-admin changed',
    ]);
    expect(json.snapshot.id).toBe(1);
    const priya = json.users.find((u: { email: string }) => u.email === 'priya.raman@coastal-it.example');
    expect(priya.lost).toEqual([]);
    expect(priya.gained.map((g: { label: string; scope: string }) => `${g.label} @ ${g.scope}`).sort()).toEqual(
      [
        'Northwind MSP/Bayside Dental',
        'Northwind MSP/Crescent City Chiropractic',
        'Northwind MSP/Elmstead Orthodontics',
        'Northwind MSP/Rosewood Dental Arts',
        'Northwind MSP/Sunnyside Pediatrics',
      ].map((path) => `Approve Assisted Remediation @ ${path}`),
    );
    expect(json.impactSummary).toMatch(/^\d+ people gain \d+ grants, nobody loses any$/);
  });

  it('says which snapshot a --db without --snapshot used: the newest of the platform', () => {
    const { stdout } = run('diff-model', 'huntress', '--from', '2022-01-01', '--db', db);
    expect(stdout).toContain('Whom it affects in snapshot #2');
  });
});
