// Every row of the HYAS Protect matrix (002_6448edd43804835f.txt) is parsed from the seed itself
// and compared cell by cell with the model; the prose lines are checked where they state a rule.
import { describe, expect, it } from 'vitest';
import { hyasProtect } from '../../shared/models/hyas-protect';
import { expectCoverage, roleAbility, seedLines } from './support';

const FILE = '002_6448edd43804835f.txt';
const m = roleAbility(hyasProtect);
const ROLES = ['partner-admin', 'mssp-admin', 'mssp-analyst', 'org-admin', 'protect-analyst', 'protect-executive'];

/** `β` allowed, `π` not, `π - UI β - API` only through the API (seeds README). */
function expectedChannels(cell: string): string[] {
  const text = cell.trim();
  if (text === 'β') return ['ui', 'api'];
  if (text === 'π') return [];
  if (text === 'π - UI β - API') return ['api'];
  throw new Error(`unexpected matrix cell "${text}"`);
}

const seed = seedLines(FILE);
const rows = seed.map((text, i) => ({ line: i + 1, cells: text.split('|').map((c) => c.trim()) })).filter(({ line }) => line >= 11);

describe('HYAS Protect matrix, cell by cell from the seed', () => {
  it('the header names the six roles in the encoded order', () => {
    expect(
      seed[8]
        .split('|')
        .slice(1, 7)
        .map((c) => c.trim()),
    ).toEqual(['Partner Admin', 'MSSP Admin', 'MSSP Analyst', '(Org) Admin', 'Protect Analyst', 'Protect Executive']);
    expect(ROLES.map((id) => m.role(id).name)).toEqual([
      'Partner Admin',
      'MSSP Admin',
      'MSSP Analyst',
      'Admin',
      'Protect Analyst',
      'Protect Executive',
    ]);
  });

  it('has 31 matrix rows', () => expect(rows).toHaveLength(31));

  for (const { line, cells } of rows) {
    it(`line ${line}: ${cells[0]}`, () => {
      const permissions = hyasProtect.permissions.filter((p) => p.source.some((s) => s.line === line));
      expect(permissions.length, `permissions traced to line ${line}`).toBeGreaterThan(0);
      for (const p of permissions) expect(cells[0].toLowerCase()).toContain(p.label.split(' ')[0].toLowerCase().replace(/\/$/, ''));
      ROLES.forEach((roleId, column) => {
        for (const p of permissions)
          expect(m.channels(roleId, p.label), `${roleId} × ${p.label}`).toEqual(expectedChannels(cells[column + 1]));
      });
    });
  }
});

const PROSE: Record<number, () => void> = {
  3: () => expect(m.grantedIds('partner-admin')).toEqual(hyasProtect.permissions.map((p) => p.id).sort()),
  4: () => {
    m.cannot('mssp-admin', 'Create MSSPs', 'Edit MSSPs');
    // "manage child organizations and user accounts" within the MSSP: any role (the page does not say which), there and below.
    expect(m.gives('Manage User Accounts')).toEqual({ roles: 'any', where: 'here-and-below' });
  },
  5: () => m.cannot('mssp-analyst', 'Manage User Accounts', 'Create Policy', 'Set Blocking Mode', 'Set SentinelOne Config'),
  6: () => {
    m.cannot('org-admin', 'View Child Orgs', 'Create Child Orgs', 'Create MSSPs');
    m.can('org-admin', 'Manage User Accounts');
    expect(m.permission('Manage User Accounts').assigns?.source.map((s) => s.line)).toContain(6);
  },
  7: () => {
    m.can('protect-analyst', 'View Logs');
    m.cannot('protect-analyst', 'Set Blocking Mode', 'Create Policy', 'Change Source Networks');
  },
  8: () => m.can('protect-executive', 'Delete alert'), // the matrix grants more than the prose; the matrix rules
};

describe('HYAS Protect prose lines', () => {
  it('covers every role-definition line', () => expectCoverage([3, 4, 5, 6, 7, 8], PROSE));
  for (const [line, check] of Object.entries(PROSE)) it(`line ${line}`, check);

  it('splits rows that list several capabilities, keeping the seed words', () => {
    expect(hyasProtect.permissions.filter((p) => p.source[0].line === 38).map((p) => p.label)).toEqual([
      'Create Policies',
      'Edit Policies',
      'Delete Policies',
    ]);
    expect(hyasProtect.permissions.filter((p) => p.source[0].line === 32).map((p) => p.label)).toEqual([
      'Block Category',
      'Unblock Category',
    ]);
  });

  it('Partner Admin reaches everything below the partner, MSSP roles their MSSP, organization roles their organization', () => {
    expect(ROLES.map((id) => `${m.role(id).level}:${m.role(id).reach}`)).toEqual([
      'partner:subtree',
      'mssp:subtree',
      'mssp:subtree',
      'organization:node',
      'organization:node',
      'organization:node',
    ]);
  });
});
