// The Findings view's state: the filters a reviewer narrows the list with, the fields a problem of
// the back end is shown at, what an exception from a finding covers, the rule settings edited one
// rule at a time, and saving that lands the saved rules and asks the findings again.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api';
import { createFindingsStore, exceptionTarget, fieldOf, groupOf, shownFindings, withRule } from '../../renderer/state/findings';
import { fakeClient } from './fake-client';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'inactive',
  severity: 'high',
  status: 'finding',
  title: 'No login for 120 days',
  users: ['ana@acme.example'],
  nodes: ['MSP/Acme'],
  rationale: '',
  recommendation: '',
  evidence: [],
  modelSource: [],
  excepted: false,
  exception: null,
  ...over,
});

const inactive = finding({});
const excepted = finding({ rule: 'outside-domain', users: ['rav@audit.example'], nodes: ['MSP'], excepted: true });
const unjudged = finding({ rule: 'outside-domain', severity: 'info', status: 'not evaluable', users: [], nodes: [] });
const admins = finding({ rule: 'too-many-admins', severity: 'medium', users: ['a@msp.example', 'b@msp.example'], nodes: ['MSP/Beta'] });
const all = [inactive, excepted, unjudged, admins];

describe('the findings filters', () => {
  it('keeps a severity’s open findings, the not-evaluable or the excepted ones, apart', () => {
    expect(all.map(groupOf)).toEqual(['high', 'excepted', 'not-evaluable', 'medium']);
    expect(shownFindings(all, { severity: 'high', rule: null, search: '' })).toEqual([inactive]);
    expect(shownFindings(all, { severity: 'excepted', rule: null, search: '' })).toEqual([excepted]);
    expect(shownFindings(all, { severity: 'not-evaluable', rule: null, search: '' })).toEqual([unjudged]);
  });

  it('keeps a rule’s findings, and those about a person or at a tenant holding the search, in any case', () => {
    expect(shownFindings(all, { severity: null, rule: 'outside-domain', search: '' })).toEqual([excepted, unjudged]);
    expect(shownFindings(all, { severity: null, rule: null, search: 'ACME' })).toEqual([inactive]);
    expect(shownFindings(all, { severity: null, rule: null, search: ' beta ' })).toEqual([admins]);
  });
});

describe('exceptions and settings', () => {
  it('an exception covers the finding’s one person and/or one tenant; a not-evaluable finding has none', () => {
    expect(exceptionTarget(inactive)).toEqual({ user: 'ana@acme.example', node: 'MSP/Acme' });
    expect(exceptionTarget(admins)).toEqual({ node: 'MSP/Beta' });
    expect(exceptionTarget(unjudged)).toBeNull();
  });

  it('shows a problem at the field its JSON path names', () => {
    expect(fieldOf(['rules', 'inactive', 'days'])).toBe('inactive');
    expect(fieldOf(['rules', 'too-many-admins', 'max'])).toBe('admins');
    expect(fieldOf(['rules', 'outside-domain', 'everywhere', 2])).toBe('everywhere');
    expect(fieldOf(['rules', 'segregation', 'pairs', 1, 'first', 'permissions', 0])).toBe('pair-1');
    expect(fieldOf(['rules', 'cross-customer', 'level'])).toBe('other');
  });

  it('changes one rule’s settings, keeping the rest, and leaves out a rule left with nothing set', () => {
    const settings = { formatVersion: 1 as const, rules: { inactive: { days: 30 }, 'too-many-admins': { max: 4 } }, exceptions: [] };
    expect(withRule(settings, 'inactive', { days: 60, enabled: undefined })).toEqual({
      ...settings,
      rules: { inactive: { days: 60 }, 'too-many-admins': { max: 4 } },
    });
    expect(withRule(settings, 'too-many-admins', { max: undefined })).toEqual({ ...settings, rules: { inactive: { days: 30 } } });
  });

  it('saving lands the saved rules and asks the findings again; problems come back and nothing changes', async () => {
    const rules = {
      platform: 'huntress',
      settings: { formatVersion: 1 as const, rules: { inactive: { days: 400 } } },
      updatedAt: '2026-12-06T10:00:00Z',
    };
    const client = fakeClient({
      saveFindingsRules: (req: { settings: { rules: { inactive: { days: unknown } } } }) =>
        req.settings.rules.inactive.days === 0
          ? { saved: null, problems: [{ path: ['rules', 'inactive', 'days'], message: 'must be a whole number of at least 1, got 0' }] }
          : { saved: rules, problems: [] },
      findings: () => ({ snapshot: { id: 3 }, answer: { findings: [] } }),
    });
    const store = createFindingsStore(client);
    const problems = await store.saveRules('huntress', 3, { formatVersion: 1, rules: { inactive: { days: 0 } } });
    expect(problems).toEqual([{ path: ['rules', 'inactive', 'days'], message: 'must be a whole number of at least 1, got 0' }]);
    expect(client.calls.map((c) => c.method)).toEqual(['saveFindingsRules']);
    expect(await store.saveRules('huntress', 3, rules.settings)).toEqual([]);
    expect(store.getState().rules).toEqual({ status: 'ready', data: rules });
    expect(client.calls.map((c) => c.method)).toEqual(['saveFindingsRules', 'saveFindingsRules', 'findings']);
    expect(store.getState().answer.status).toBe('ready');
  });
});
