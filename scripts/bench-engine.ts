// The engine in-process, side by side with node-casbin 5 on the same generated snapshot (part of
// `npm run bench`). Each side runs in its own child process, so neither's memory is the other's:
//  - permaudit opens the imported database through the service the app and the CLI use, and answers
//    with explanation chains included;
//  - casbin loads the same CSV as RBAC with domains: one policy line per (role, permission) the model
//    grants, one grouping rule per assignment and tenant it reaches (a partner or MSSP role is
//    expanded to its own tenant and every tenant below it, as casbin has no tree).
// Both answer the same picks (chosen here, from the database), and their answers must be equal: the
// people who can view logs at an organization, and whether a person can do something at one.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { newEnforcer, newModelFromString } from 'casbin';
import { openAuditService } from '../electron/services/audit-service';
import { openDatabase } from '../electron/store/database';
import { findRole, resolveModel, type ResolvedModel } from '../shared/model/resolve';
import { getModel } from '../shared/models';
import { joinPath } from '../shared/paths';

const PLATFORM = 'hyas-protect';
const PERMISSION = 'View Logs';
/** Picks per question; the first half warms each side up, the second half is measured. */
const PICKS = 100;

export interface Picks {
  permissionId: string;
  /** Organization paths for who-can, matrix. */
  orgs: string[];
  /** (email, organization path, permission id) for can. */
  checks: [string, string, string][];
  /** Emails for effective access. */
  people: string[];
}

interface Timings {
  openMs?: number;
  loadMs?: number;
  rssMiB: number;
  /** Per question: milliseconds of each measured pick. */
  times: Record<string, number[]>;
  whoCan: string[][];
  can: boolean[];
}

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded picks from the imported snapshot: organizations, and people with a tenant where half of them have access. */
function choosePicks(db: string): Picks {
  const random = rng(7);
  const handle = openDatabase(db);
  try {
    const model = resolveModel(getModel(PLATFORM));
    const permissionId = model.permissions.find((p) => p.label === PERMISSION)?.id as string;
    const orgs = (handle.prepare("SELECT path FROM nodes WHERE level = 'organization' ORDER BY id").pluck().all() as string[]);
    const people = handle.prepare('SELECT email FROM users ORDER BY id').pluck().all() as string[];
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const ownOrg = handle
      .prepare(`SELECT n.path FROM users AS u JOIN assignments AS a INDEXED BY assignments_by_user ON a.snapshot_id = u.snapshot_id AND a.user_id = u.id
                JOIN nodes AS n ON n.snapshot_id = a.snapshot_id AND n.id = a.node_id WHERE u.email = ? AND n.level = 'organization' LIMIT 1`)
      .pluck();
    const checks: [string, string, string][] = [];
    while (checks.length < PICKS) {
      const email = pick(people);
      const own = ownOrg.get(email) as string | undefined;
      const permission = pick(model.permissions).id;
      checks.push([email, checks.length % 2 === 0 && own ? own : pick(orgs), permission]);
    }
    return {
      permissionId,
      orgs: Array.from({ length: PICKS }, () => pick(orgs)),
      checks,
      people: Array.from({ length: PICKS }, () => pick(people)),
    };
  } finally {
    handle.close();
  }
}

/** Times `answer` on each pick; the first half of the picks warm up and are not counted. */
function measure<P, A>(picks: P[], answer: (pick: P) => A): { times: number[]; answers: A[] } {
  const times: number[] = [];
  const answers: A[] = [];
  picks.forEach((pick, i) => {
    const start = process.hrtime.bigint();
    const result = answer(pick);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i >= picks.length / 2) {
      times.push(ms);
      answers.push(result);
    }
  });
  return { times, answers };
}

async function measureAsync<P, A>(picks: P[], answer: (pick: P) => Promise<A>): Promise<{ times: number[]; answers: A[] }> {
  const times: number[] = [];
  const answers: A[] = [];
  for (const [i, pick] of picks.entries()) {
    const start = process.hrtime.bigint();
    const result = await answer(pick);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i >= picks.length / 2) {
      times.push(ms);
      answers.push(result);
    }
  }
  return { times, answers };
}

function ourChild(db: string, picks: Picks): Timings {
  const start = process.hrtime.bigint();
  const service = openAuditService({ dbPath: db, mustExist: true });
  service.can({ email: picks.checks[0][0], permission: picks.checks[0][2], scope: picks.checks[0][1] });
  const openMs = Number(process.hrtime.bigint() - start) / 1e6;
  const whoCan = measure(picks.orgs, (scope) =>
    [...new Set(service.whoCan({ permission: picks.permissionId, scope }).answer.entries.map((e) => e.email))].sort(),
  );
  const can = measure(picks.checks, ([email, scope, permission]) => service.can({ email, permission, scope }).answer.allowed);
  const matrix = measure(picks.orgs, (scope) => service.matrix({ scope }).answer.rows.length);
  const access = measure(picks.people, (email) => service.access({ email }).answer.nodes.length);
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  service.close();
  return { openMs, rssMiB, times: { whoCan: whoCan.times, can: can.times, matrix: matrix.times, access: access.times }, whoCan: whoCan.answers, can: can.answers };
}

const CASBIN_MODEL = `
[request_definition]
r = sub, dom, obj
[policy_definition]
p = sub, obj
[role_definition]
g = _, _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub, r.dom) && r.obj == p.obj
`;

/** The bench CSV as casbin rules: `p` per role grant, `g` per assignment and tenant it reaches. */
function casbinRules(csv: string, model: ResolvedModel): { p: string[][]; g: string[][] } {
  const p = model.roles.flatMap((role) => role.grants.map((grant) => [role.id, grant.permission]));
  const lines = fs.readFileSync(csv, 'utf8').split('\n');
  const header = lines[0].split(',');
  const column = (name: string) => header.indexOf(name);
  const [email, role, partner, mssp, organization] = ['email', 'role', 'partner', 'mssp', 'organization'].map(column);
  const assignments: { user: string; roleId: string; at: string; reachesDown: boolean }[] = [];
  const below = new Map<string, Set<string>>();
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const cells = line.split(',');
    const names = [cells[partner], cells[mssp], cells[organization]].filter((n) => n !== '');
    const level = ['partner', 'mssp', 'organization'][names.length - 1];
    const found = findRole(model, cells[role], level);
    if (!found) throw new Error(`no ${level} role "${cells[role]}"`);
    const path = joinPath(names);
    for (let depth = 1; depth < names.length; depth++) {
      const ancestor = joinPath(names.slice(0, depth));
      if (!below.has(ancestor)) below.set(ancestor, new Set());
      below.get(ancestor)?.add(path);
      for (let d = depth + 1; d < names.length; d++) below.get(ancestor)?.add(joinPath(names.slice(0, d)));
    }
    assignments.push({ user: cells[email].toLowerCase(), roleId: found.id, at: path, reachesDown: found.reach === 'subtree' });
  }
  const g: string[][] = [];
  for (const a of assignments) {
    g.push([a.user, a.roleId, a.at]);
    if (a.reachesDown) for (const tenant of below.get(a.at) ?? []) g.push([a.user, a.roleId, tenant]);
  }
  return { p, g };
}

async function casbinChild(csv: string, picks: Picks): Promise<Timings> {
  const model = resolveModel(getModel(PLATFORM));
  const start = process.hrtime.bigint();
  const rules = casbinRules(csv, model);
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL));
  // The fastest load casbin offers: the rules straight into its model, then the role links once.
  enforcer.getModel().addPolicies('p', 'p', rules.p);
  enforcer.getModel().addPolicies('g', 'g', rules.g);
  await enforcer.buildRoleLinks();
  const loadMs = Number(process.hrtime.bigint() - start) / 1e6;
  const roleManager = enforcer.getRoleManager();
  const policy = enforcer.getModel().model.get('p')?.get('p')?.policy ?? [];
  // Hand-tuned who-can: the roles holding the permission, then each one's users in the tenant.
  const whoCan = await measureAsync(picks.orgs, async (org) => {
    const roles = new Set(policy.filter((rule) => rule[1] === picks.permissionId).map((rule) => rule[0]));
    const people = new Set<string>();
    for (const role of roles) for (const user of await roleManager.getUsers(role, org)) people.add(user);
    return [...people].sort();
  });
  const can = measure(picks.checks, ([email, org, permission]) => enforcer.enforceSync(email, org, permission));
  return { loadMs, rssMiB: process.memoryUsage().rss / 2 ** 20, times: { whoCan: whoCan.times, can: can.times }, whoCan: whoCan.answers, can: can.answers };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function runChild(self: string, side: 'ours' | 'casbin', csv: string, db: string, picksFile: string): Timings {
  const result = spawnSync(process.execPath, ['--max-old-space-size=16384', self, '--engine-child', side, csv, db, picksFile], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (result.status !== 0) throw new Error(`${side} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as Timings;
}

const ms = (value: number) => (value < 1 ? `${value.toFixed(3)} ms` : `${value.toFixed(1)} ms`);

/**
 * Runs both sides on the imported `db` (from `csv`) and returns the table's rows:
 * [measure, node-casbin, permaudit, ratio, target, verdict].
 */
export function benchEngine(self: string, csv: string, db: string, dir: string): string[][] {
  const picks = choosePicks(db);
  const picksFile = path.join(dir, 'engine-picks.json');
  fs.writeFileSync(picksFile, JSON.stringify(picks));
  const ours = runChild(self, 'ours', csv, db, picksFile);
  const casbin = runChild(self, 'casbin', csv, db, picksFile);
  const sameWhoCan = JSON.stringify(ours.whoCan) === JSON.stringify(casbin.whoCan);
  const sameCan = JSON.stringify(ours.can) === JSON.stringify(casbin.can);
  if (!sameWhoCan || !sameCan) {
    const at = ours.whoCan.findIndex((people, i) => JSON.stringify(people) !== JSON.stringify(casbin.whoCan[i]));
    throw new Error(`the engines disagree: who-can ${sameWhoCan ? 'agrees' : `differs at pick ${at}`}, can ${sameCan ? 'agrees' : 'differs'}`);
  }
  const people = median(ours.whoCan.map((p) => p.length));
  const granted = ours.can.filter(Boolean).length;
  const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');
  const row = (name: string, key: string, target: string) => {
    const theirs = casbin.times[key] ? median(casbin.times[key]) : undefined;
    const mine = median(ours.times[key]);
    const met = theirs === undefined ? mine < 5 : mine <= theirs;
    return [name, theirs === undefined ? '' : ms(theirs), ms(mine), theirs === undefined ? '' : `${(mine / theirs).toFixed(2)}×`, target, verdict(met)];
  };
  const count = PICKS / 2;
  return [
    ['measure (median of ' + count + ' picks)', 'node-casbin', 'permaudit', 'ratio', 'target', 'verdict'],
    ['load / open (to the first answer)', ms(casbin.loadMs ?? 0), ms(ours.openMs ?? 0), '', '< 100 ms', verdict((ours.openMs ?? 0) < 100)],
    ['memory with it open (RSS)', `${casbin.rssMiB.toFixed(0)} MiB`, `${ours.rssMiB.toFixed(0)} MiB`, '', '< 250 MB', verdict(ours.rssMiB * 1.048576 < 250)],
    row(`who can ${PERMISSION.toLowerCase()} at an organization (${people} people)`, 'whoCan', '≤ casbin'),
    row(`can a person … at an organization (${granted}/${count} yes)`, 'can', '≤ enforceSync'),
    row('matrix at an organization', 'matrix', '< 5 ms'),
    row("a person's effective access", 'access', '< 5 ms'),
    ['answers equal (who-can, can)', '', '', '', 'equal', verdict(sameWhoCan && sameCan)],
  ];
}

/** The child side of benchEngine: `--engine-child ours|casbin CSV DB PICKS`; prints its timings as JSON. */
export async function engineChild(side: string, csv: string, db: string, picksFile: string): Promise<void> {
  const picks = JSON.parse(fs.readFileSync(picksFile, 'utf8')) as Picks;
  const timings = side === 'casbin' ? await casbinChild(csv, picks) : ourChild(db, picks);
  process.stdout.write(`${JSON.stringify(timings)}\n`);
}
