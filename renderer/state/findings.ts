// Findings: the open snapshot's risks under its platform's saved rules, the filters that narrow the
// list (severity, rule, a person or tenant), which findings have their evidence open, and the rules
// themselves, which the view edits (Rule settings) and adds accepted exceptions to. The back end
// checks what is saved; its problems come back by JSON path and are shown by field.
import { createStore } from 'zustand/vanilla';
import type { Answered, Finding, FindingsRules, FindingsSettings, RulesProblem } from '../../shared/api';
import type { FindingsAnswer } from '../../shared/api';
import { SEVERITIES, type FindingException, type Severity } from '../../shared/findings/settings';
import type { Client } from '../api/bridge';
import { dataOf, latest, type Resource } from './resource';

/** What the severity filter can keep: one severity (open findings), the not-evaluable ones, or the excepted ones. */
export const SEVERITY_FILTERS = [...SEVERITIES, 'not-evaluable', 'excepted'] as const;
export type SeverityFilter = Severity | 'not-evaluable' | 'excepted';

export interface FindingsFilters {
  severity: SeverityFilter | null;
  rule: string | null;
  search: string;
}

export interface FindingsState extends FindingsFilters {
  /** The snapshot the answer is for. */
  snapshotId: number | null;
  answer: Resource<Answered<FindingsAnswer>>;
  /** The saved rules of the open snapshot's platform (or the defaults). */
  rules: Resource<FindingsRules>;
  /** Keys of the findings whose evidence is open. */
  open: ReadonlySet<string>;
  setFilters(filters: Partial<FindingsFilters>): void;
  toggle(key: string): void;
}

/** A finding's identity within one answer: its rule, title, tenants and people. */
export const findingKey = (f: Finding) => [f.rule, f.title, f.nodes.join('\n'), f.users.join('\n')].join('|');

/** Which group of the counts a finding is in. */
export function groupOf(f: Finding): SeverityFilter {
  if (f.excepted) return 'excepted';
  return f.status === 'not evaluable' ? 'not-evaluable' : f.severity;
}

/** The findings the filters keep: of the group and rule chosen, about a person or at a tenant whose text holds the search. */
export function shownFindings(findings: readonly Finding[], { severity, rule, search }: FindingsFilters): Finding[] {
  const words = search.trim().toLowerCase();
  return findings.filter(
    (f) =>
      (severity === null || groupOf(f) === severity) &&
      (rule === null || f.rule === rule) &&
      (words === '' || [...f.users, ...f.nodes].some((t) => t.toLowerCase().includes(words))),
  );
}

/** The rules as people read them, for the rule filter and the settings. */
const RULE_NAMES: Readonly<Record<string, string>> = {
  'privileged-no-mfa': 'Privileged without MFA',
  'model-constraint': "The platform's own rules",
  segregation: 'Segregation of duties',
  'disabled-with-roles': 'Suspended or invited, still with roles',
  'never-logged-in': 'Never logged in',
  inactive: 'Inactive',
  'too-many-admins': 'Too many admins',
  'outside-domain': 'Outside email domains',
  'cross-customer': "In several customers' tenants",
  'privileged-access': 'Privileged access',
  escalation: 'Can grant themselves more',
};
/** A rule's name; a rule added later without one here is named by the title of its findings. */
export const ruleName = (rule: string, findings: readonly Finding[] = []) =>
  RULE_NAMES[rule] ?? findings.find((f) => f.rule === rule)?.title ?? rule.replace(/-/g, ' ');

/** The field of the Rule settings a problem is about (by its JSON path); `other` for the rest. */
export function fieldOf(path: readonly (string | number)[]): string {
  const [top, rule, key, index] = path;
  if (top !== 'rules') return 'other';
  if (rule === 'too-many-admins' && key === 'max') return 'admins';
  if (rule === 'inactive' && key === 'days') return 'inactive';
  if (rule === 'outside-domain' && (key === 'everywhere' || key === 'tenants')) return key;
  if (rule === 'segregation' && key === 'pairs' && typeof index === 'number') return `pair-${index}`;
  return 'other';
}

/** An exception's field a problem is about: reason, acceptedBy, expires, or `other`. */
export const exceptionFieldOf = (path: readonly (string | number)[]) =>
  typeof path[0] === 'string' && ['reason', 'acceptedBy', 'expires'].includes(path[0]) ? path[0] : 'other';

/** What an exception from this finding would cover: its one person and/or its one tenant (null: it cannot be excepted). */
export function exceptionTarget(f: Finding): { user?: string; node?: string } | null {
  if (f.status === 'not evaluable') return null;
  const user = f.users.length === 1 ? f.users[0] : undefined;
  const node = f.nodes.length === 1 ? f.nodes[0] : undefined;
  return user === undefined && node === undefined ? null : { ...(user && { user }), ...(node && { node }) };
}

export function createFindingsStore(client: Client) {
  const runAnswer = latest();
  const runRules = latest();
  const store = createStore<FindingsState>()((set, get) => ({
    severity: null,
    rule: null,
    search: '',
    snapshotId: null,
    answer: { status: 'idle' },
    rules: { status: 'idle' },
    open: new Set(),
    setFilters: (filters) => set(filters),
    toggle: (key) => {
      const open = new Set(get().open);
      if (open.has(key)) open.delete(key);
      else open.add(key);
      set({ open });
    },
  }));

  const api = {
    /** The snapshot's findings under its platform's saved rules (asked again with `force`); an older answer is dropped. */
    load(snapshotId: number, force = false) {
      const s = store.getState();
      if (!force && s.snapshotId === snapshotId && s.answer.status !== 'idle' && s.answer.status !== 'error') return Promise.resolve();
      const previous = s.snapshotId === snapshotId ? dataOf(s.answer) : undefined;
      if (s.snapshotId !== snapshotId) store.setState({ snapshotId, open: new Set() });
      return runAnswer(
        () => client.findings({ snapshotId }),
        (answer) => store.setState({ answer }),
        previous,
      );
    },
    loadRules(platform: string) {
      return runRules(
        () => client.findingsRules({ platform }),
        (rules) => store.setState({ rules }),
      );
    },
    /** Saves the platform's rules; on success the findings are asked again. Returns the problems (none: saved). */
    async saveRules(platform: string, snapshotId: number, settings: unknown): Promise<RulesProblem[]> {
      const { saved, problems } = await client.saveFindingsRules({ platform, snapshotId, settings });
      if (saved) await api.saved(saved, snapshotId);
      return problems;
    },
    /** Adds an accepted exception to the platform's rules; on success the findings are asked again. */
    async accept(platform: string, snapshotId: number, exception: Partial<FindingException>): Promise<RulesProblem[]> {
      const { saved, problems } = await client.acceptException({ platform, snapshotId, exception });
      if (saved) await api.saved(saved, snapshotId);
      return problems;
    },
    /** Changes (or, with null, removes) the accepted exception at `index` of the platform's rules; on success the findings are asked again. */
    async editException(
      platform: string,
      snapshotId: number,
      index: number,
      exception: Partial<FindingException> | null,
    ): Promise<RulesProblem[]> {
      const { saved, problems } = await client.editException({ platform, snapshotId, index, exception });
      if (saved) await api.saved(saved, snapshotId);
      return problems;
    },
    async saved(rules: FindingsRules, snapshotId: number) {
      store.setState({ rules: { status: 'ready', data: rules } });
      await api.load(snapshotId, true);
    },
    /** The findings asked again and recorded in the database with the rules they ran with and the format: what an export writes. */
    recorded(snapshotId: number, exportFormat: 'csv' | 'json') {
      return client.findings({ snapshotId, record: true, exportFormat });
    },
    /** The runs recorded for the snapshot's exports, newest first; one run with its rules. */
    runs: (snapshotId: number) => client.findingsRuns({ snapshotId }).then((r) => r.answer),
    run: (id: number) => client.findingsRun({ id }),
  };
  return Object.assign(store, api);
}

export type FindingsStore = ReturnType<typeof createFindingsStore>;

/** The settings document with one rule's settings changed (others kept as they are). */
export function withRule(settings: FindingsSettings, rule: string, change: Record<string, unknown>): FindingsSettings {
  const rules = { ...(settings.rules ?? {}) } as Record<string, Record<string, unknown> | undefined>;
  const next = Object.fromEntries(Object.entries({ ...(rules[rule] ?? {}), ...change }).filter(([, v]) => v !== undefined));
  rules[rule] = Object.keys(next).length > 0 ? next : undefined;
  const kept = Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined));
  return { ...settings, rules: kept as FindingsSettings['rules'] };
}
