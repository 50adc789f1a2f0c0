// Findings: the risks a reviewer must see first, each with the people and tenants it is about, why it
// matters, what to do, and the evidence (the assignments, with their import rows, and the seed lines
// behind the grants). One streamed pass over everyone's effective grants (bulk.ts), person by person;
// what a rule needs across people (admins per tenant, the model's constraints) is gathered on the way
// and judged at the end. Settings and exceptions come from the rules file (settings.ts). The evidence
// is kept once for the run (evidence.ts): findings list the rows they cite.

import { normalizeEmail } from '../csv/values';
import { ConstraintCheck, type Violation } from '../model/constraints';
import { findPermission, levelWord } from '../model/resolve';
import type { Reach, Role, SeedRef } from '../model/types';
import { normalizePath } from '../paths';
import type { Issue } from '../schema';
import type { Assignment, SnapshotInfo, TenantNode, User } from '../snapshot';
import { effectiveGrants, type EffectiveGrant } from '../engine/bulk';
import { pathShown, potentialLines, potentialOf, type PotentialGrant, type PotentialPath } from '../engine/potential';
import { compareCodePoints } from '../engine/code-point-order';
import { distinctRefs } from '../engine/answer-export';
import { EvidenceBuilder, type EvidenceTable } from './evidence';
import { labelOf, pathOf, roleOf, type Evaluator } from '../engine/walk';
import {
  DEFAULTS,
  RULE_IDS,
  SEVERITIES,
  type DutyPair,
  type FindingException,
  type FindingsSettings,
  type RuleId,
  type Severity,
} from './settings';

/** An exception of the rules file that matched a finding; `expired` when its day has passed (it then suppresses nothing). */
export interface AppliedException extends FindingException {
  /** Its place in the file's `exceptions`. */
  index: number;
  expired: boolean;
}

export type FindingStatus = 'finding' | 'not evaluable';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** `not evaluable`: the export or the settings lack what the rule needs; the finding says what. */
  status: FindingStatus;
  title: string;
  /** Emails, in email order. */
  users: string[];
  /** Tenant paths. */
  nodes: string[];
  rationale: string;
  recommendation: string;
  /** The assignments behind it: rows of the report's `evidence` (read them with `evidenceOf`). */
  evidence: number[];
  /**
   * Escalation: how the person could give themselves the access, one path a few lines (`… CAN … THRU …`,
   * then one line per hop), for up to MAX_PATHS of the places; omitted for other rules.
   */
  path?: string[];
  /** Escalation: the same paths hop by hop, with the vendor's lines for each (as the app shows them). */
  paths?: PotentialPath[];
  /** The seed lines of the model's own rule a finding is about (a constraint); empty otherwise. */
  modelSource: readonly SeedRef[];
  /** True while an exception that has not expired accepts it. */
  excepted: boolean;
  exception: AppliedException | null;
}

export interface FindingsCounts {
  /** Findings by severity, excepted and not-evaluable ones left out. */
  bySeverity: Record<Severity, number>;
  excepted: number;
  notEvaluable: number;
  /** Exceptions that matched a finding but have expired. */
  expired: number;
}

export interface FindingsReport {
  /** The day inactivity is measured to: the snapshot's as-of date, else the day it was imported. */
  referenceDate: string;
  /** The day exceptions are judged on (the run's). */
  today: string;
  /** The rules that ran, in report order. */
  rules: RuleId[];
  /** Worst first; within a severity, by rule, then by the first person or tenant. */
  findings: Finding[];
  /** The assignments the findings cite, each once. */
  evidence: EvidenceTable;
  counts: FindingsCounts;
  /** Settings naming what the snapshot lacks (a tenant, a person): not errors, since one file serves many snapshots. */
  warnings: Issue[];
  /** "3 critical, 5 high, 12 medium, 0 low, 2 info; 1 excepted; 2 not evaluable". */
  summary: string;
}

export interface FindingsOptions {
  /** Today, YYYY-MM-DD: exceptions expire against it. */
  today: string;
  /** Only findings this severe or worse. */
  minSeverity?: Severity;
}

type Snapshot = Pick<SnapshotInfo, 'asOf' | 'importedAt' | 'platform'>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const fold = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();
const severityRank = (s: Severity) => SEVERITIES.indexOf(s);
const quoteList = (items: string[], max = 3) =>
  items.length <= max
    ? items.map((i) => `"${i}"`).join(', ')
    : `${items
        .slice(0, max)
        .map((i) => `"${i}"`)
        .join(', ')} and ${items.length - max} more`;
const placesText = (paths: string[]) => (paths.length === 1 ? paths[0] : `${paths[0]} and ${plural(paths.length - 1, 'other tenant')}`);

// ---------------------------------------------------------------------------------------------------
// Settings, resolved against the snapshot's model. Unknown permissions, roles and levels are typos,
// refused as issues by JSON path; a tenant or a person the snapshot lacks is a warning.

interface DutySide {
  permissions: Set<string>;
  roles: Set<string>;
  text: string;
}

interface Resolved {
  enabled: Set<RuleId>;
  severity: Partial<Record<RuleId, Severity>>;
  maxAdmins: number;
  adminRoles: Set<string>;
  inactiveDays: number;
  everywhere: Set<string>;
  /** Node id → domains allowed there (and below). */
  tenantDomains: Map<number, Set<string>>;
  domainsSet: boolean;
  minCustomers: number;
  customerDepth: number | undefined;
  pairs: { name: string; first: DutySide; second: DutySide }[];
}

/** A role by id, label ("Admin · account") or name where only one role has it, any case. */
function findRole(ev: Evaluator, text: string): Role | undefined {
  const wanted = fold(text);
  const roles = ev.model.roles;
  return (
    roles.find((r) => r.id.toLowerCase() === wanted) ??
    roles.find((r) => fold(labelOf(ev.model, r)) === wanted) ??
    (roles.filter((r) => fold(r.name) === wanted).length === 1 ? roles.find((r) => fold(r.name) === wanted) : undefined)
  );
}

/** The roles an admin holds, by default: those granting a privileged permission of a users category. */
function defaultAdminRoles(ev: Evaluator): Set<string> {
  const managesUsers = (id: string) => {
    const p = ev.model.permissionById.get(id);
    return p?.privileged === true && /user/i.test(p.category);
  };
  return new Set(ev.model.roles.filter((r) => r.grants.some((g) => managesUsers(g.permission))).map((r) => r.id));
}

/** The level whose tenants are customers: as set, else the model's organization level. */
function customerDepth(ev: Evaluator, level: string | undefined): number | undefined {
  const id = level ?? ev.model.model.levels.find((l) => /^organi[sz]ation$/i.test(l.id))?.id;
  return id === undefined ? undefined : ev.model.levelIndex.get(id);
}

export function resolveSettings(ev: Evaluator, settings: FindingsSettings): { resolved: Resolved; issues: Issue[]; warnings: Issue[] } {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const rules = settings.rules ?? {};
  const enabled = new Set(RULE_IDS.filter((id) => rules[id]?.enabled !== false));
  const severity: Partial<Record<RuleId, Severity>> = {};
  for (const id of RULE_IDS) if (rules[id]?.severity) severity[id] = rules[id].severity;

  const roleIds = (texts: string[], path: PropertyKey[]) =>
    texts.flatMap((text, i) => {
      const role = findRole(ev, text);
      if (!role) issues.push({ path: [...path, i], message: `unknown role "${text}" in ${ev.model.model.name}` });
      return role ? [role.id] : [];
    });
  const admins = rules['too-many-admins'];
  const adminRoles = admins?.roles ? new Set(roleIds(admins.roles, ['rules', 'too-many-admins', 'roles'])) : defaultAdminRoles(ev);

  const domains = rules['outside-domain'];
  const tenantDomains = new Map<number, Set<string>>();
  for (const [path, list] of Object.entries(domains?.tenants ?? {})) {
    const node = ev.view.nodeByPath(normalizePath(path));
    if (!node) warnings.push({ path: ['rules', 'outside-domain', 'tenants', path], message: 'no such tenant in this snapshot' });
    else tenantDomains.set(node.id, new Set(list.map((d) => d.toLowerCase())));
  }

  const level = rules['cross-customer']?.level;
  const depth = customerDepth(ev, level);
  if (level !== undefined && depth === undefined) {
    const known = ev.model.model.levels.map((l) => l.id).join(', ');
    issues.push({
      path: ['rules', 'cross-customer', 'level'],
      message: `unknown level "${level}" in ${ev.model.model.name} (known: ${known})`,
    });
  }

  const side = (s: DutyPair['first'], path: PropertyKey[]): DutySide => {
    const permissions = (s.permissions ?? []).flatMap((text, i) => {
      const p = findPermission(ev.model, text);
      if (!p) issues.push({ path: [...path, 'permissions', i], message: `unknown permission "${text}" in ${ev.model.model.name}` });
      return p ? [p] : [];
    });
    const roles = roleIds(s.roles ?? [], [...path, 'roles']).map((id) => roleOf(ev.model, id));
    const names = [...permissions.map((p) => `"${p.label}"`), ...roles.map((r) => `the role ${labelOf(ev.model, r)}`)];
    return { permissions: new Set(permissions.map((p) => p.id)), roles: new Set(roles.map((r) => r.id)), text: names.join(' or ') };
  };
  const pairs = (rules.segregation?.pairs ?? []).flatMap((pair, i) =>
    pair.platform !== undefined && pair.platform.trim().toLowerCase() !== ev.model.model.id
      ? []
      : [
          {
            name: pair.name,
            first: side(pair.first, ['rules', 'segregation', 'pairs', i, 'first']),
            second: side(pair.second, ['rules', 'segregation', 'pairs', i, 'second']),
          },
        ],
  );

  (settings.exceptions ?? []).forEach((e, i) => {
    if (e.user !== undefined && !ev.view.userByEmail(normalizeEmail(e.user)))
      warnings.push({ path: ['exceptions', i, 'user'], message: `no person "${e.user}" in this snapshot` });
    if (e.node !== undefined && !ev.view.nodeByPath(normalizePath(e.node)))
      warnings.push({ path: ['exceptions', i, 'node'], message: `no tenant "${e.node}" in this snapshot` });
  });

  return {
    resolved: {
      enabled,
      severity,
      maxAdmins: admins?.max ?? DEFAULTS.maxAdmins,
      adminRoles,
      inactiveDays: rules.inactive?.days ?? DEFAULTS.inactiveDays,
      everywhere: new Set((domains?.everywhere ?? []).map((d) => d.toLowerCase())),
      tenantDomains,
      domainsSet: (domains?.everywhere?.length ?? 0) + tenantDomains.size > 0,
      minCustomers: rules['cross-customer']?.min ?? DEFAULTS.minCustomers,
      customerDepth: depth,
      pairs,
    },
    issues,
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------------
// The pass.

type Draft = Omit<Finding, 'excepted' | 'exception' | 'modelSource' | 'status' | 'severity'> &
  Partial<Pick<Finding, 'modelSource' | 'status'>> & { severity: Severity };

/**
 * The same text, flat. V8 keeps a string built by concatenation as a tree of its pieces, several
 * times its length in memory; reading a character joins it into one string. A large snapshot's
 * findings keep hundreds of thousands of titles and rationales.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** The model source of findings about no rule of the model: one empty list for all of them. */
const NO_SOURCE: readonly SeedRef[] = [];

const distinctPaths = (items: readonly { path: string }[]) => [...new Set(items.map((i) => i.path))];
/** Where a grant applies: its tenant, and with a subtree reach "and below". */
const reachText = (ev: Evaluator, nodeId: number, reach: Reach) =>
  `${pathOf(ev.view, nodeId)}${reach === 'subtree' && ev.view.children(nodeId).length > 0 ? ' and below' : ''}`;
const rolesText = (ev: Evaluator, assignments: readonly Assignment[]) =>
  quoteList(assignments.map((a) => `${labelOf(ev.model, roleOf(ev.model, a.roleId))} at ${pathOf(ev.view, a.nodeId)}`)).replace(/"/g, '');

/** Days from one day (YYYY-MM-DD, or a timestamp) to another. */
const daysBetween = (from: string, to: string) => Math.floor((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);

/** Everything a rule gathers across people, judged once the pass is over. */
interface Gathered {
  /** Node id → the evidence rows of the admins' assignments there. */
  admins: Map<number, number[]>;
  constraints: ConstraintCheck;
  violations: Violation[];
  /** Per node at a constrained depth: the first assignment at or below it (where it first appears). */
  firstRow: Map<number, Assignment>;
  constrainedDepths: Set<number>;
  mfaUnknown: string[];
  loginUnknown: string[];
}

function personFindings(
  ev: Evaluator,
  evidence: EvidenceBuilder,
  s: Resolved,
  referenceDate: string,
  gathered: Gathered,
  user: User,
  assignments: Assignment[],
  grants: EffectiveGrant[],
): Draft[] {
  const on = (rule: RuleId) => s.enabled.has(rule);
  const out: Draft[] = [];
  const email = user.email;
  /** One list of the person for all their findings (read, never changed). */
  const users = [email];
  const privileged = grants.filter((g) => ev.model.permissionById.get(g.permissionId)?.privileged === true);
  const isRoot = (nodeId: number) => ev.view.node(nodeId)?.depth === 0;
  const wide = privileged.some((g) => g.reach === 'subtree' && isRoot(g.nodeId));
  let privilegedWords: string | undefined;
  const privilegedText = () => (privilegedWords ??= describePrivileged());
  const describePrivileged = () => {
    const labels = [...new Set(privileged.map((g) => ev.model.permissionById.get(g.permissionId)?.label ?? g.permissionId))];
    const where = [...new Set(privileged.map((g) => reachText(ev, g.nodeId, g.reach)))];
    return `${plural(labels.length, 'privileged permission')} (${quoteList(labels)}) at ${quoteList(where, 2).replace(/"/g, '')}`;
  };

  for (const a of assignments) {
    const node = ev.view.node(a.nodeId);
    if (!node) continue;
    if (on('too-many-admins') && s.adminRoles.has(a.roleId)) {
      const here = gathered.admins.get(a.nodeId);
      if (here) here.push(evidence.assignment(email, a));
      else gathered.admins.set(a.nodeId, [evidence.assignment(email, a)]);
    }
    if (on('model-constraint')) {
      const broken = gathered.constraints.assign(a.roleId, node, a.userId, a.sourceFile, a.sourceLine);
      if (broken) gathered.violations.push(broken);
      for (const n of ev.view.ancestors(a.nodeId))
        if (gathered.constrainedDepths.has(n.depth) && (gathered.firstRow.get(n.id)?.id ?? Infinity) > a.id) gathered.firstRow.set(n.id, a);
    }
  }

  let privilegedEvidence: number[] | undefined;
  const privilegedRows = () => (privilegedEvidence ??= evidence.of(email, assignments, privileged));
  let privilegedPlaces: string[] | undefined;
  const privilegedPaths = () => (privilegedPlaces ??= distinctPaths(privileged));
  if (on('privileged-access') && privileged.length > 0) {
    out.push({
      rule: 'privileged-access',
      severity: wide ? 'medium' : 'low',
      title: `Privileged access at ${placesText(privilegedPaths())}`,
      users,
      nodes: privilegedPaths(),
      rationale: `Holds ${privilegedText()}${wide ? ', reaching every tenant of the tenancy' : ''}.`,
      recommendation: 'Confirm the person needs each privileged role where it is held; remove the rest.',
      evidence: privilegedRows(),
    });
  }

  if (on('privileged-no-mfa') && privileged.length > 0) {
    if (user.mfa === undefined) gathered.mfaUnknown.push(email);
    else if (user.mfa === 'disabled')
      out.push({
        rule: 'privileged-no-mfa',
        severity: wide ? 'critical' : 'high',
        title: 'Privileged access without MFA',
        users,
        nodes: privilegedPaths(),
        rationale: `The export says MFA is off for a person who holds ${privilegedText()}.`,
        recommendation: 'Turn on MFA for this account before anything else, or remove its privileged roles.',
        evidence: privilegedRows(),
      });
  }

  const paths = [...new Set(assignments.map((a) => pathOf(ev.view, a.nodeId)))];
  const worse = (severity: Severity): Severity => (privileged.length > 0 ? 'high' : severity);
  const holding = `still holds ${plural(assignments.length, 'role assignment')} (${rolesText(ev, assignments)})`;
  const personDraft = (rule: RuleId, title: string, rationale: string, recommendation: string): Draft => ({
    rule,
    severity: worse('medium'),
    title,
    users,
    nodes: paths,
    rationale,
    recommendation,
    evidence: evidence.of(email, assignments),
  });
  if (user.status === 'suspended' || user.status === 'invited') {
    if (on('disabled-with-roles')) {
      const suspended = user.status === 'suspended';
      out.push(
        personDraft(
          'disabled-with-roles',
          suspended ? 'Suspended account still holds roles' : 'Invited account already holds roles',
          `The export says the account is ${user.status}, and it ${holding}.`,
          suspended
            ? 'Remove the roles of the suspended account, or delete it, so that re-enabling it gives nothing back by mistake.'
            : 'Confirm the invitation is still wanted; revoke it and its roles if not.',
        ),
      );
    }
  } else if (user.lastLogin === 'never') {
    if (on('never-logged-in'))
      out.push(
        personDraft(
          'never-logged-in',
          'Never logged in, yet holds roles',
          `The export says the person has never logged in, and the account ${holding}.`,
          'Confirm the account is needed; remove it or its roles if not.',
        ),
      );
  } else if (user.lastLogin === undefined) {
    if (on('inactive')) gathered.loginUnknown.push(email);
  } else if (on('inactive')) {
    const days = daysBetween(user.lastLogin, referenceDate);
    if (days > s.inactiveDays)
      out.push(
        personDraft(
          'inactive',
          `No login for ${days} days`,
          `Last login ${user.lastLogin.slice(0, 10)}, ${days} days before ${referenceDate} (more than ${s.inactiveDays}); the account ${holding}.`,
          'Confirm the person still needs this access; remove roles no longer used.',
        ),
      );
  }

  if (on('outside-domain') && s.domainsSet) {
    const domain = domainOf(email);
    const outside = assignments.filter((a) => !allowedAt(ev, s, a.nodeId, domain));
    if (outside.length > 0) {
      const where = [...new Set(outside.map((a) => pathOf(ev.view, a.nodeId)))];
      const privilegedThere = privileged.some((g) => outside.some((a) => a.id === g.assignmentId));
      out.push({
        rule: 'outside-domain',
        severity: privilegedThere ? 'high' : 'medium',
        title: `Email domain ${domain} is not allowed at ${placesText(where)}`,
        users,
        nodes: where,
        rationale: `The rules file allows other domains there; this person of ${domain} holds ${rolesText(ev, outside)}.`,
        recommendation:
          "Confirm the outside person's access is agreed with the customer: add the domain to the tenant's allowed domains, or remove the roles.",
        evidence: evidence.of(email, outside),
      });
    }
  }

  if (on('cross-customer') && s.customerDepth !== undefined && !s.everywhere.has(domainOf(email))) {
    const depth = s.customerDepth;
    const customers = new Set<number>();
    const inCustomers = assignments.filter((a) => {
      const customer = ev.view.ancestors(a.nodeId)[depth];
      if (customer) customers.add(customer.id);
      return customer !== undefined;
    });
    if (customers.size >= s.minCustomers) {
      const names = [...customers.keys()].map((id) => pathOf(ev.view, id));
      const level = levelWord(ev.model.model.levels[depth]);
      out.push({
        rule: 'cross-customer',
        severity: 'medium',
        title: `Access in ${customers.size} customers' tenants`,
        users,
        nodes: names,
        rationale: `Holds roles in ${plural(customers.size, `customer ${level}`)} (${quoteList(names).replace(/"/g, '')}): one account reaching several customers can carry data or a compromise from one to another.`,
        recommendation: 'Confirm each customer agreed to this person; give separate accounts per customer, or remove the roles not needed.',
        evidence: evidence.of(email, inCustomers),
      });
    }
  }

  if (on('escalation')) {
    const gained = potentialOf(ev, grants, (id) => ev.model.permissionById.get(id)?.privileged === true);
    if (gained.length > 0) out.push(escalation(ev, evidence, user, users, assignments, grants, gained));
  }

  if (on('segregation'))
    for (const pair of s.pairs) {
      const holds = (side: DutySide) => grants.filter((g) => side.permissions.has(g.permissionId) || side.roles.has(g.roleId));
      const first = holds(pair.first);
      const second = holds(pair.second);
      const places = new Set<string>();
      const usedFirst = new Set<EffectiveGrant>();
      const usedSecond = new Set<EffectiveGrant>();
      for (const a of first)
        for (const b of second) {
          const at = overlap(ev, a, b);
          if (at === undefined) continue;
          places.add(pathOf(ev.view, at));
          usedFirst.add(a);
          usedSecond.add(b);
        }
      if (places.size === 0) continue;
      /** What the person holds of a side: the permissions, or the roles where the side names roles. */
      const held = (side: DutySide, grants: Set<EffectiveGrant>) =>
        quoteList([
          ...new Set(
            [...grants].map((g) =>
              side.roles.has(g.roleId)
                ? `the role ${labelOf(ev.model, roleOf(ev.model, g.roleId))}`
                : (ev.model.permissionById.get(g.permissionId)?.label ?? g.permissionId),
            ),
          ),
        ]);
      out.push({
        rule: 'segregation',
        severity: 'high',
        title: `${pair.name} at ${placesText([...places])}`,
        users,
        nodes: [...places],
        rationale: `Holds ${held(pair.first, usedFirst)} and also ${held(pair.second, usedSecond)} at the same tenant: duties that should be split between two people.`,
        recommendation: 'Give one of the two duties to someone else.',
        evidence: evidence.of(email, assignments, [...usedFirst, ...usedSecond]),
      });
    }
  return out;
}

/** Paths an escalation finding spells out, one per place the person could give themselves a role. */
const MAX_PATHS = 5;

/** What a person could give themselves of the privileged permissions (potential.ts), with the paths, and the assignments they start from. */
function escalation(
  ev: Evaluator,
  evidence: EvidenceBuilder,
  user: User,
  users: string[],
  assignments: readonly Assignment[],
  grants: readonly EffectiveGrant[],
  gained: PotentialGrant[],
): Draft {
  const labels = [...new Set(gained.map((p) => ev.model.permissionById.get(p.permissionId)?.label ?? p.permissionId))];
  const where = distinctPaths(gained);
  // One path per place and role given: the first permission found there stands for the rest the role carries.
  const paths = new Map<string, PotentialGrant>();
  for (const p of gained) {
    const key = p.hops.map((h) => `${h.roleId}@${h.givesAt}`).join('\n');
    if (!paths.has(key)) paths.set(key, p);
  }
  const shown = [...paths.values()].slice(0, MAX_PATHS);
  const starts = new Set(gained.map((p) => p.assignmentId));
  const givers = [...new Set(gained.map((p) => p.hops[0].permission))];
  const firstHops = new Set(gained.map((p) => p.hops[0].permissionId));
  const more = paths.size - shown.length;
  return {
    rule: 'escalation',
    severity: 'high',
    title: `Could give themselves privileged access at ${placesText(where)}`,
    users,
    nodes: where,
    rationale: `Holds ${quoteList(givers)}, which lets them give anyone, themselves included, roles carrying ${plural(labels.length, 'privileged permission')} they do not hold (${quoteList(labels)}) at ${quoteList(where, 2).replace(/"/g, '')}.${more > 0 ? ` The path is shown for ${shown.length} of the ${paths.size} roles they could give themselves.` : ''}`,
    recommendation:
      'Confirm the person should be able to give these roles; if not, move user and role management to a role that cannot reach them.',
    evidence: evidence.of(
      user.email,
      assignments.filter((a) => starts.has(a.id)),
      grants.filter((g) => starts.has(g.assignmentId) && firstHops.has(g.permissionId)),
    ),
    path: shown.flatMap((p) => potentialLines(ev, user, p)),
    paths: shown.map((p) => pathShown(ev, p)),
    // The model's lines that let each role be given.
    modelSource: distinctRefs(shown.flatMap((p) => p.hops.flatMap((h) => h.source))),
  };
}

/** Whether a domain is allowed at a node: everywhere, or listed for the node or a tenant above it. */
function allowedAt(ev: Evaluator, s: Resolved, nodeId: number, domain: string): boolean {
  if (s.everywhere.has(domain)) return true;
  return ev.view.ancestors(nodeId).some((n) => s.tenantDomains.get(n.id)?.has(domain) === true);
}

/** Where two grants apply together: the deeper of their tenants, when one reaches the other. */
function overlap(ev: Evaluator, a: EffectiveGrant, b: EffectiveGrant): number | undefined {
  if (a.nodeId === b.nodeId) return a.nodeId;
  const reaches = (from: EffectiveGrant, to: EffectiveGrant) =>
    from.reach === 'subtree' && ev.view.ancestors(to.nodeId).some((n) => n.id === from.nodeId);
  if (reaches(a, b)) return b.nodeId;
  if (reaches(b, a)) return a.nodeId;
  return undefined;
}

/** Admins per tenant: at each tenant where one is assigned, those assigned there and those whose roles reach it from above. */
function adminFindings(ev: Evaluator, evidence: EvidenceBuilder, s: Resolved, admins: Gathered['admins']): Draft[] {
  const out: Draft[] = [];
  for (const [nodeId, here] of admins) {
    const node = ev.view.node(nodeId) as TenantNode;
    // Email → the row of their first admin assignment there, then of those reaching it from above.
    const all = new Map<string, number>();
    const add = (row: number) => all.has(evidence.emailOf(row)) || all.set(evidence.emailOf(row), row);
    here.forEach(add);
    const assignedHere = all.size;
    for (const above of ev.view.ancestors(nodeId).slice(0, -1))
      for (const row of admins.get(above.id) ?? []) if (evidence.reachOf(row) === 'subtree') add(row);
    if (all.size <= s.maxAdmins) continue;
    const users = [...all.keys()].sort(compareCodePoints);
    const fromAbove = all.size - assignedHere;
    out.push({
      rule: 'too-many-admins',
      severity: 'medium',
      title: `${all.size} admins at ${node.path}`,
      users,
      nodes: [node.path],
      rationale: `${plural(all.size, 'person', 'people')} can manage users at ${node.path}${fromAbove > 0 ? ` (${fromAbove} through roles above it)` : ''}, more than the ${s.maxAdmins} allowed: each can give anyone, themselves included, more access.`,
      recommendation: 'Keep user management to the few who need it; make the others a role without it.',
      evidence: users.map((email) => all.get(email) as number),
    });
  }
  return out;
}

function constraintFindings(ev: Evaluator, evidence: EvidenceBuilder, gathered: Gathered): Draft[] {
  const { constraints, violations, firstRow, constrainedDepths } = gathered;
  const nodes: (TenantNode & { file: string; line: number })[] = [];
  const visit = (node: TenantNode) => {
    if (constrainedDepths.has(node.depth)) {
      const first = firstRow.get(node.id);
      nodes.push({ ...node, file: first?.sourceFile ?? '', line: first?.sourceLine ?? 0 });
    }
    if (node.depth < Math.max(...constrainedDepths)) for (const child of ev.view.children(node.id)) visit(child);
  };
  if (constrainedDepths.size > 0) for (const root of ev.view.children(null)) visit(root);
  const email = (userId: number) => ev.view.user(userId)?.email ?? `#${userId}`;
  return [...violations, ...constraints.missing(nodes)].map((v) => {
    const holders =
      v.kind === 'second-holder'
        ? [
            { userId: v.firstHolder.userId, file: v.firstHolder.file, line: v.firstHolder.line },
            { userId: v.userId, file: v.file, line: v.line },
          ]
        : [];
    const first = firstRow.get(v.node.id);
    const rows =
      v.kind === 'second-holder'
        ? holders.map((h) =>
            evidence.row(email(h.userId), { nodeId: v.node.id, roleId: v.role.id, sourceFile: h.file, sourceLine: h.line }),
          )
        : first
          ? [evidence.row(email(first.userId), first)]
          : [];
    const level = levelWord(ev.model.model.levels[v.node.depth]);
    return {
      rule: 'model-constraint' as const,
      severity: 'high' as const,
      title: `${v.message.split(';')[0].replace(/ \([^)]*\)$/, '')}`.replace(/^./, (c) => c.toUpperCase()),
      users: holders.map((h) => email(h.userId)).sort(compareCodePoints),
      nodes: [v.node.path],
      rationale: `${v.constraint.description} ${v.kind === 'second-holder' ? `Both ${holders.map((h) => email(h.userId)).join(' and ')} hold ${v.role.name} there.` : `Nobody holds ${v.role.name} there.`}`,
      recommendation: `Give the ${level} exactly one ${v.role.name}.`,
      evidence: rows,
      modelSource: v.constraint.source,
    };
  });
}

function notEvaluable(rule: RuleId, title: string, users: string[], rationale: string, recommendation: string): Draft {
  return { rule, severity: 'info', status: 'not evaluable', title, users, nodes: [], rationale, recommendation, evidence: [] };
}

/** The exception that applies to a finding: one in force if any, else the one that expired last. */
function exceptionFor(finding: Draft, exceptions: readonly FindingException[], today: string): AppliedException | null {
  let found: AppliedException | null = null;
  exceptions.forEach((e, index) => {
    if (e.rule !== finding.rule) return;
    if (e.user !== undefined && !finding.users.includes(normalizeEmail(e.user))) return;
    if (e.node !== undefined && !finding.nodes.includes(normalizePath(e.node))) return;
    const applied = { ...e, index, expired: e.expires < today };
    if (!found || (found.expired && (!applied.expired || applied.expires > found.expires))) found = applied;
  });
  return found;
}

/** The findings of a snapshot under the settings, in one pass over everyone's effective grants. */
export function runFindings(ev: Evaluator, snapshot: Snapshot, settings: FindingsSettings, options: FindingsOptions): FindingsReport {
  const { resolved: s, warnings } = resolveSettings(ev, settings);
  const referenceDate = snapshot.asOf ?? snapshot.importedAt.slice(0, 10);
  const constrainedDepths = new Set(
    ev.model.model.constraints.flatMap((c) => {
      const role = ev.model.roleById.get(c.role);
      const depth = role ? ev.model.levelIndex.get(role.level) : undefined;
      return depth === undefined ? [] : [depth];
    }),
  );
  const gathered: Gathered = {
    admins: new Map(),
    constraints: new ConstraintCheck(ev.model.model),
    violations: [],
    firstRow: new Map(),
    constrainedDepths,
    mfaUnknown: [],
    loginUnknown: [],
  };
  const exceptions = settings.exceptions ?? [];
  const min = options.minSeverity === undefined ? SEVERITIES.length - 1 : severityRank(options.minSeverity);
  const findings: Finding[] = [];
  /** Titles, each once: many findings have the same. */
  const titles = new Map<string, string>();
  const title = (text: string) => {
    const found = titles.get(text);
    if (found !== undefined) return found;
    titles.set(text, flat(text));
    return text;
  };
  /** Lists of one tenant, each once: most findings are at one tenant. */
  const atOne = new Map<string, string[]>();
  const nodesOf = (nodes: string[]) => {
    if (nodes.length !== 1) return nodes;
    const found = atOne.get(nodes[0]);
    if (found) return found;
    atOne.set(nodes[0], nodes);
    return nodes;
  };
  /**
   * Finishes drafts as they are made, all in one shape with their texts flat (see flat), and keeps
   * those severe enough: a large snapshot has hundreds of thousands, and a draft dies young.
   */
  const keep = (made: Draft[]) => {
    for (const d of made) {
      const exception = exceptionFor(d, exceptions, options.today);
      const finding: Finding = {
        rule: d.rule,
        severity: d.status === 'not evaluable' ? d.severity : (s.severity[d.rule] ?? d.severity),
        status: d.status ?? 'finding',
        title: title(d.title),
        users: d.users,
        nodes: nodesOf(d.nodes),
        rationale: flat(d.rationale),
        recommendation: d.recommendation,
        evidence: d.evidence,
        ...(d.paths && { path: d.path, paths: d.paths }),
        modelSource: d.modelSource ?? NO_SOURCE,
        excepted: exception !== null && !exception.expired,
        exception,
      };
      if (severityRank(finding.severity) <= min) findings.push(finding);
    }
  };
  const evidence = new EvidenceBuilder(ev);
  for (const { user, assignments, grants } of effectiveGrants(ev)) {
    keep(personFindings(ev, evidence, s, referenceDate, gathered, user, assignments, grants));
    evidence.forget();
  }
  if (s.enabled.has('too-many-admins')) keep(adminFindings(ev, evidence, s, gathered.admins));
  if (s.enabled.has('model-constraint')) keep(constraintFindings(ev, evidence, gathered));
  if (gathered.mfaUnknown.length > 0)
    keep([
      notEvaluable(
        'privileged-no-mfa',
        `MFA not known for ${plural(gathered.mfaUnknown.length, 'privileged person', 'privileged people')}`,
        gathered.mfaUnknown,
        'The export gives no MFA value for them, so whether they sign in with MFA cannot be checked.',
        "Export the platform's MFA column (mfa), or check these accounts in the platform.",
      ),
    ]);
  if (gathered.loginUnknown.length > 0)
    keep([
      notEvaluable(
        'inactive',
        `Last login not known for ${plural(gathered.loginUnknown.length, 'person', 'people')}`,
        gathered.loginUnknown,
        'The export gives no last login for them, so inactivity cannot be checked.',
        "Export the platform's last login column (last_login).",
      ),
    ]);
  if (s.enabled.has('outside-domain') && !s.domainsSet)
    keep([
      notEvaluable(
        'outside-domain',
        'Allowed email domains not set',
        [],
        'No allowed domains are set, so no domain can be called outside.',
        'List the domains allowed everywhere and per tenant in a rules file (rules."outside-domain").',
      ),
    ]);
  if (s.enabled.has('cross-customer') && s.customerDepth === undefined)
    keep([
      notEvaluable(
        'cross-customer',
        "Customers' level not known",
        [],
        `${ev.model.model.name} has no organization level, so which tenants are customers is not known.`,
        'Name the level whose tenants are customers in a rules file (rules."cross-customer".level).',
      ),
    ]);
  if (s.enabled.has('segregation') && s.pairs.length === 0)
    keep([
      notEvaluable(
        'segregation',
        'No segregation-of-duties pairs set',
        [],
        `No pairs of duties are set for ${ev.model.model.name}, so no conflict can be found.`,
        'List the pairs no one should hold together in a rules file (rules.segregation.pairs).',
      ),
    ]);

  findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule) ||
      compareCodePoints(sortKey(a), sortKey(b)) ||
      compareCodePoints(a.nodes[0] ?? '', b.nodes[0] ?? ''),
  );
  const counts = countFindings(findings);
  return {
    referenceDate,
    today: options.today,
    rules: RULE_IDS.filter((id) => s.enabled.has(id)),
    findings,
    evidence: evidence.table(),
    counts,
    warnings,
    summary: summarize(counts),
  };
}

/** A finding about one person sorts by them; one about a tenant (its admins, its Owner) by the tenant. */
const sortKey = (f: Draft) => (f.users.length === 1 ? f.users[0] : (f.nodes[0] ?? f.users[0] ?? ''));

export function countFindings(findings: readonly Finding[]): FindingsCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let excepted = 0;
  let notEvaluable = 0;
  let expired = 0;
  for (const f of findings) {
    if (f.exception?.expired) expired++;
    if (f.excepted) excepted++;
    else if (f.status === 'not evaluable') notEvaluable++;
    else bySeverity[f.severity]++;
  }
  return { bySeverity, excepted, notEvaluable, expired };
}

export function summarize(counts: FindingsCounts): string {
  const total = SEVERITIES.reduce((n, s) => n + counts.bySeverity[s], 0);
  const parts = [`${plural(total, 'finding')}: ${SEVERITIES.map((s) => `${counts.bySeverity[s]} ${s}`).join(', ')}`];
  parts.push(`${counts.excepted} excepted${counts.expired > 0 ? ` (${plural(counts.expired, 'exception')} expired)` : ''}`);
  parts.push(`${counts.notEvaluable} not evaluable`);
  return parts.join('; ');
}
