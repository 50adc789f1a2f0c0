// The CLI's answers as text at 80 columns and in a pipe: keys whole, the matrix readable.
import { describe, expect, it } from 'vitest';
import { matrixTable, whoCan } from '../../electron/cli/render';
import { displayWidth } from '../../electron/cli/table';
import type { AccessMatrix, Answered, SnapshotInfo, WhoCanAnswer } from '../../shared/api';
import type { MatrixCell } from '../../shared/engine/evaluate';

const snapshot = {
  id: 1,
  name: 'November review',
  platform: 'huntress',
  modelVersion: '2022-06',
  model: { origin: 'built-in', name: 'Huntress', sha256: null, fileName: null },
} as SnapshotInfo;
const lines = (text: string) => text.split('\n');

const LABELS = [
  'Create Organizations',
  'Modify Organizations',
  'Delete Organizations',
  'View the account key',
  'Uninstall individual Agents',
  'Approve Assisted Remediation',
  'Reject Assisted Remediation',
  'View billing information (including invoices and contracts)',
  'Manage Incident Reports',
  'Receive alert emails about new Incident Reports',
  'View investigations',
  'Manually isolate hosts',
  'View Reports',
  'Download Reports',
  'View Binaries',
  'View Autoruns',
  'View Collected Files',
  'View Canaries',
  'View External Recon',
  'Access the Partner Enablement Service (PES)',
  'Modify users',
  'Add users',
  'Add other Organization-level users',
  'Modify integrations',
  'Add integrations',
  'Change billing information',
  'View Past Invoices',
  'View payment receipts',
  'Update Payment Info',
  'Update Billing Info',
];
const CELLS: MatrixCell[] = ['all', 'ui', 'api', 'below', 'none'];

function matrix(): Answered<AccessMatrix> {
  const emails = ['ada@northwind.example', 'priya.raman.consultant@coastal-it-services.example', '山田太郎@例え.jp'];
  return {
    snapshot,
    answer: {
      scope: 'Northwind MSP',
      permissions: LABELS.map((label, i) => ({ id: `p${i}`, label })),
      rows: emails.map((email, r) => ({
        email,
        name: email,
        roles: ['Admin'],
        cells: LABELS.map((_, i) => CELLS[(i + r) % CELLS.length]),
      })),
    },
  } as unknown as Answered<AccessMatrix>;
}

describe('the matrix as text', () => {
  it('at width 80 has no line over 80 columns, whole emails, and every permission named in the legend', () => {
    const text = matrixTable(matrix(), { width: 80 });
    for (const line of lines(text)) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    for (const row of matrix().answer.rows) expect(text).toContain(`${row.email} `);
    LABELS.forEach((label, i) => expect(lines(text)).toContain(`  ${String(i + 1).padStart(2)}  ${label}`));
    expect(text).not.toContain('…');
    // The numbered header starts at 1 and each block goes on where the last one stopped.
    const headers = lines(text).filter((line) => line.startsWith('USER'));
    expect(headers.length).toBeGreaterThan(1);
    expect(headers.flatMap((h) => h.slice(4).trim().split(/\s+/)).map(Number)).toEqual(LABELS.map((_, i) => i + 1));
  });

  it("lines each symbol up under its permission's number", () => {
    const text = matrixTable(matrix(), { width: 80 });
    const [header, ...rows] = lines(text).slice(lines(text).findIndex((l) => l.startsWith('USER')));
    const ends = (line: string) => [...line.matchAll(/\S+/g)].slice(1).map((m) => displayWidth(line.slice(0, m.index + m[0].length)));
    for (const row of rows.slice(0, 3)) expect(ends(row)).toEqual(ends(header));
  });

  it('with no width (a pipe) is one block with every permission', () => {
    const text = matrixTable(matrix(), { width: undefined });
    expect(lines(text).filter((line) => line.startsWith('USER'))).toHaveLength(1);
  });
});

describe('who-can as text', () => {
  const entry = (email: string, path: string) => ({
    email,
    name: email,
    roleLabel: 'Admin · organization',
    assignedAt: path,
    scope: path,
    includesBelow: false,
    channels: ['ui', 'api'],
  });
  const answer = (): Answered<WhoCanAnswer> =>
    ({
      snapshot,
      answer: {
        permission: { id: 'incident-reports.manage', label: 'Manage Incident Reports' },
        scope: null,
        channel: null,
        entries: [
          entry('priya.raman.consultant@coastal-it-services.example', 'Cobalt Ridge Partners/Incident Reports Archive North'),
          entry('priya.raman.consultant@coastal-it-services.example', 'Cobalt Ridge Partners/Incident Reports Archive South'),
          entry('ada@northwind.example', 'Cobalt Ridge Partnership'),
        ],
      },
    }) as unknown as Answered<WhoCanAnswer>;

  it('at width 80 keeps every email and path whole and two nodes sharing a long prefix apart', () => {
    const text = whoCan(answer(), { width: 80 });
    for (const line of lines(text)) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    for (const e of answer().answer.entries) {
      expect(lines(text)).toContainEqual(expect.stringContaining(e.email));
      expect(lines(text)).toContainEqual(expect.stringMatching(new RegExp(`${e.scope}$`)));
    }
    expect(text).not.toContain('…');
  });

  it('in a pipe prints one row a line, each whole', () => {
    const text = whoCan(answer(), { width: undefined });
    const rows = lines(text).filter((line) => line.includes('@'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(
      /^priya\.raman\.consultant@coastal-it-services\.example +Admin · organization +Cobalt Ridge Partners\/Incident Reports Archive North/,
    );
  });
});
