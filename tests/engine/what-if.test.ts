// What-if plans on the test snapshot: proposed changes give the effective-access delta, the
// snapshot itself untouched, and a bad change is refused by its number.
import { describe, expect, it } from 'vitest';
import { DIFF_CSV_HEADER, whatIfCsv } from '../../shared/engine/diff-export';
import { whatIf, type Plan } from '../../shared/engine/what-if';
import { AuditError } from '../../shared/errors';
import { resolveModel } from '../../shared/model/resolve';
import { testModel } from '../support/test-model';
import { testView } from '../support/test-snapshot';

const model = resolveModel(testModel, 'v2');
const plan = (...changes: Plan['changes']): Plan => ({ formatVersion: 1, name: 'test plan', changes });
const lines = (p: Plan) =>
  whatIf(testView(), model, p).access.map(
    (c) =>
      `${c.change === 'gained' ? '+' : '-'} ${c.email} ${c.permission} @ ${c.scope} [${c.channels.join(',')}] via ${c.via.role} (${c.via.sourceFile}:${c.via.sourceLine})`,
  );

describe('what-if plans', () => {
  it('offboarding a person takes everything they hold, through their own assignments', () => {
    const answer = whatIf(testView(), model, plan({ op: 'remove-person', email: 'fay@msp.test' }));
    expect(answer.access.map((c) => `${c.change} ${c.permission}`)).toEqual(['lost reports.view']);
    expect(answer.gained).toBe(0);
    expect(answer.summary).toBe('nobody gains access, 1 loses 1');
  });

  it('an assignment added gives what its role grants there, cited as the plan change; a new person may be added', () => {
    expect(
      lines(
        plan(
          { op: 'add', email: 'ana@msp.test', role: 'Admin', scope: 'MSP/Acme' },
          { op: 'add', email: 'new.hire@msp.test', name: 'New Hire', role: 'Org Admin', scope: 'Beta' },
        ),
      ),
    ).toEqual([
      // Ana's account Analyst already gives her View Logs everywhere: only what it lacks is new.
      '+ ana@msp.test ar.approve @ MSP/Acme [ui,api] via Admin · organization (plan:1)',
      '+ ana@msp.test config.view @ MSP/Acme [ui] via Admin · organization (plan:1)',
      '+ new.hire@msp.test ar.approve @ MSP/Beta [ui,api] via Admin · organization (plan:2)',
      '+ new.hire@msp.test config.view @ MSP/Beta [ui,api] via Admin · organization (plan:2)',
      '+ new.hire@msp.test logs.view @ MSP/Beta [ui,api] via Admin · organization (plan:2)',
    ]);
  });

  it('moving a person from one organization to another loses the one and gains the other', () => {
    expect(lines(plan({ op: 'move', email: 'oli@acme.test', from: 'MSP/Beta', to: 'MSP/Gamma' }))).toEqual([
      // Gains first, then losses, each by permission.
      '+ oli@acme.test ar.approve @ MSP/Gamma [ui,api] via Admin · organization (plan:1)',
      '+ oli@acme.test config.view @ MSP/Gamma [ui,api] via Admin · organization (plan:1)',
      '+ oli@acme.test logs.view @ MSP/Gamma [ui,api] via Admin · organization (plan:1)',
      '- oli@acme.test ar.approve @ MSP/Beta [ui,api] via Admin · organization (users.csv:5)',
      '- oli@acme.test config.view @ MSP/Beta [ui,api] via Admin · organization (users.csv:5)',
      '- oli@acme.test logs.view @ MSP/Beta [ui,api] via Admin · organization (users.csv:5)',
    ]);
  });

  it('a role given a permission gives it to everyone holding the role; one taken away, likewise', () => {
    expect(lines(plan({ op: 'grant', role: 'account-analyst', permission: 'View Reports', channels: ['api'] }))).toEqual([
      '+ ana@msp.test reports.view @ MSP [api] via Analyst (users.csv:3)',
    ]);
    expect(lines(plan({ op: 'revoke', role: 'org-admin', permission: 'ar.approve' }))).toEqual([
      '- oli@acme.test ar.approve @ MSP/Acme [ui,api] via Admin · organization (users.csv:4)',
      '- oli@acme.test ar.approve @ MSP/Beta [ui,api] via Admin · organization (users.csv:5)',
    ]);
  });

  it('leaves the snapshot as it was', () => {
    const view = testView();
    const before = view.assignmentsOfUser(3);
    whatIf(view, model, plan({ op: 'remove-person', email: 'oli@acme.test' }));
    expect(view.assignmentsOfUser(3)).toEqual(before);
  });

  it('refuses a change that does not fit the snapshot, naming it by its number', () => {
    const refused = (p: Plan) => {
      try {
        whatIf(testView(), model, p);
      } catch (error) {
        expect(error).toBeInstanceOf(AuditError);
        return (error as AuditError).message;
      }
      throw new Error('the plan was accepted');
    };
    expect(
      refused(plan({ op: 'remove-person', email: 'fay@msp.test' }, { op: 'remove', email: 'ana@msp.test', role: 'Admin', scope: 'MSP' })),
    ).toBe('change 2 (remove): ana@msp.test holds no Admin · account at MSP');
    expect(refused(plan({ op: 'remove-person', email: 'fay@msp.tset' }))).toMatch(
      /^change 1 \(remove-person\): no user with email "fay@msp.tset" in this snapshot; did you mean "fay@msp.test"\?$/,
    );
    expect(refused(plan({ op: 'move', email: 'oli@acme.test', from: 'MSP/Acme', to: 'MSP' }))).toBe(
      'change 1 (move): MSP/Acme and MSP are not at the same level',
    );
    expect(refused(plan({ op: 'grant', role: 'Superuser', permission: 'logs.view' }))).toBe(
      'change 1 (grant): unknown role "Superuser" in Test Platform version v2',
    );
  });
});

describe('a plan’s delta as files', () => {
  it('is the snapshot diff’s table: people added and removed, then each access change citing the plan change', () => {
    const answer = whatIf(
      testView(),
      model,
      plan(
        { op: 'remove-person', email: 'fay@msp.test' },
        { op: 'add', email: 'new.hire@msp.test', name: 'New Hire', role: 'Org Admin', scope: 'Beta' },
      ),
    );
    const rows = whatIfCsv(answer).trimEnd().split('\r\n');
    expect(rows[0]).toBe(DIFF_CSV_HEADER.join(','));
    expect(rows.slice(1, 3)).toEqual(['person,added,new.hire@msp.test', 'person,removed,fay@msp.test']);
    expect(rows.filter((r) => r.startsWith('access,gained,new.hire@msp.test,New Hire,ar.approve,')).join()).toContain(
      ',Admin · organization,plan:2',
    );
    expect(rows).toHaveLength(3 + answer.access.length);
  });
});
