// The evidence of a findings run is kept once (a table of the assignments the findings cite) and read
// back per finding: what people see is the same assignment, role, tenant, import row and vendor lines,
// whether the answer is read in place or after travelling as JSON to the browser.
import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, evidenceOf } from '../../shared/findings/evidence';
import { runFindings } from '../../shared/findings/findings';
import { crafted, onlyRule, SNAPSHOT, TODAY, type Row } from './support';

const A = 'Northwind MSP';
const BAYSIDE = `${A}/Bayside Dental`;

describe('the evidence of a run', () => {
  it("cites one row per assignment however many of a person's findings name it, and reads back after JSON", () => {
    const ev = crafted('huntress', [
      ['elena@northwind.example', 'account-admin', A, { status: 'active', mfa: 'disabled', lastLogin: '2025-01-01' }],
      ['maria@bayside.example', 'org-admin', BAYSIDE, { status: 'active', mfa: 'disabled', lastLogin: '2026-11-20' }],
    ]);
    const settings = {
      formatVersion: 1 as const,
      rules: { ...onlyRule('privileged-access').rules, 'privileged-no-mfa': {}, inactive: {} },
    };
    const report = runFindings(ev, { ...SNAPSHOT, platform: 'huntress' }, settings, { today: TODAY });
    const elena = report.findings.filter((f) => f.users[0] === 'elena@northwind.example');
    expect(elena.map((f) => f.rule).sort()).toEqual(['inactive', 'privileged-access', 'privileged-no-mfa']);
    // Her privileged findings cite her assignment with the privileged permissions; inactivity cites it alone.
    const [noMfa, privileged, inactive] = ['privileged-no-mfa', 'privileged-access', 'inactive'].map((rule) =>
      evidenceOf(report.evidence, elena.find((f) => f.rule === rule) as (typeof elena)[number]),
    );
    expect(noMfa).toEqual(privileged);
    expect(privileged[0]).toMatchObject({ email: 'elena@northwind.example', role: 'Admin · account', assignedAt: A, sourceLine: 2 });
    expect(privileged[0].permissions.length).toBeGreaterThan(0);
    expect(inactive).toEqual([{ ...privileged[0], permissions: [] }]);

    const travelled = JSON.parse(JSON.stringify(report)) as typeof report;
    for (const f of report.findings) expect(evidenceOf(travelled.evidence, f)).toEqual(evidenceOf(report.evidence, f));
  });

  it('reads every row of a run citing more assignments than one chunk holds, after JSON too', () => {
    const rows: Row[] = Array.from({ length: CHUNK_ROWS + 5 }, (_, i) => [
      `person${i}@bayside.example`,
      'org-user',
      BAYSIDE,
      { status: 'suspended', mfa: 'enabled', lastLogin: '2026-11-20' },
    ]);
    const report = runFindings(
      crafted('huntress', rows),
      { ...SNAPSHOT, platform: 'huntress' },
      { formatVersion: 1, ...onlyRule('disabled-with-roles') },
      { today: TODAY },
    );
    expect(report.findings).toHaveLength(CHUNK_ROWS + 5);
    const travelled = JSON.parse(JSON.stringify(report)) as typeof report;
    const lines = (table: typeof report.evidence) =>
      report.findings.flatMap((f) => evidenceOf(table, f).map((e) => `${e.email} ${e.sourceFile}:${e.sourceLine}`)).sort();
    const expected = rows.map((r, i) => `${r[0]} export.csv:${i + 2}`).sort();
    expect(lines(report.evidence)).toEqual(expected);
    expect(lines(travelled.evidence)).toEqual(expected);
  });
});
