// The engine in-process, side by side with node-casbin 5 on the same generated snapshot (part of
// `npm run bench`). Each side runs in its own child process, so neither's memory is the other's:
//  - permaudit opens the imported database through the service the app and the CLI use, and answers
//    with explanation chains included;
//  - casbin loads the same CSV as RBAC with domains: one policy line per (role, permission) the model
//    grants, one grouping rule per assignment and tenant it reaches (a partner or MSSP role is
//    expanded to its own tenant and every tenant below it, as casbin has no tree).
// Both answer the same picks (chosen here, from the database), and their answers must be equal: the
// people who can view logs at an organization, and whether a person can do something at one.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { newEnforcer, newModelFromString } from 'casbin';
import { openAuditService } from '../electron/services/audit-service';
import { openDatabase } from '../electron/store/database';
import { findRole, resolveModel, type ResolvedModel } from '../shared/model/resolve';
import { getModel } from '../shared/models';
import { joinPath } from '../shared/paths';
import { median, rng } from './bench-util';

const PLATFORM = 'hyas-protect';
const PERMISSION = 'View Logs';
/** Rounds of picks: round 0 warms both sides up; the others are measured, the two sides in turn. */
const ROUNDS = 6;
/** Picks per question and round. */
const PICKS = 40;

interface RoundPicks {
  /** Organization paths for who-can and the matrix. */
  orgs: string[];
  /** (email, organization path, permission id) for can; half of them at the person's own organization. */
  checks: [string, string, string][];
  /** Emails for effective access. */
  people: string[];
}

export interface Picks {
  /** The snapshot imported from the CSV casbin loads (the bench.db's first). */
  snapshotId: number;
  permissionId: string;
  rounds: RoundPicks[];
}

/** What one side answered in one round, and how long each answer took (ms). */
interface Round {
  times: Record<string, number[]>;
  whoCan: string[][];
  can: boolean[];
}

interface Ready {
  /** Open (permaudit) or load (casbin) until the side can answer, ms. */
  readyMs: number;
  rssMiB: number;
}

/** Seeded picks from the imported snapshot, different in every round. */
function choosePicks(db: string): Picks {
  const random = rng(7);
  const handle = openDatabase(db);
  try {
    const model = resolveModel(getModel(PLATFORM));
    const permissionId = model.permissions.find((p) => p.label === PERMISSION)?.id as string;
    const snapshotId = handle.prepare('SELECT min(id) FROM snapshots WHERE complete = 1').pluck().get() as number;
    const orgs = handle
      .prepare("SELECT path FROM nodes WHERE snapshot_id = ? AND level = 'organization' ORDER BY id")
      .pluck()
      .all(snapshotId) as string[];
    const people = handle.prepare('SELECT email FROM users WHERE snapshot_id = ? ORDER BY id').pluck().all(snapshotId) as string[];
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const ownOrg = handle
      .prepare(
        `SELECT n.path FROM users AS u JOIN assignments AS a INDEXED BY assignments_by_user ON a.snapshot_id = u.snapshot_id AND a.user_id = u.id
                JOIN nodes AS n ON n.snapshot_id = a.snapshot_id AND n.id = a.node_id
                WHERE u.snapshot_id = ? AND u.email = ? AND n.level = 'organization' LIMIT 1`,
      )
      .pluck();
    const round = (): RoundPicks => {
      const checks: [string, string, string][] = [];
      while (checks.length < PICKS) {
        const email = pick(people);
        const own = ownOrg.get(snapshotId, email) as string | undefined;
        checks.push([email, checks.length % 2 === 0 && own ? own : pick(orgs), pick(model.permissions).id]);
      }
      return { orgs: Array.from({ length: PICKS }, () => pick(orgs)), checks, people: Array.from({ length: PICKS }, () => pick(people)) };
    };
    return { snapshotId, permissionId, rounds: Array.from({ length: ROUNDS }, round) };
  } finally {
    handle.close();
  }
}

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Answers each pick in turn, timing each answer. */
async function measure<P, A>(picks: P[], answer: (pick: P) => A | Promise<A>): Promise<{ times: number[]; answers: A[] }> {
  const times: number[] = [];
  const answers: A[] = [];
  for (const pick of picks) {
    const start = process.hrtime.bigint();
    answers.push(await answer(pick));
    times.push(elapsedMs(start));
  }
  return { times, answers };
}

/** One side of the comparison: get ready, then answer a round of picks when asked. */
interface Side {
  /** Opens or loads, until the side has answered a first question; returns how long it took (ms). */
  ready(picks: Picks): Promise<number>;
  round(picks: RoundPicks, question: Pick<Picks, 'snapshotId' | 'permissionId'>): Promise<Round>;
}

function ourSide(db: string): Side {
  let service: ReturnType<typeof openAuditService>;
  return {
    async ready(picks) {
      const start = process.hrtime.bigint();
      service = openAuditService({ dbPath: db, mustExist: true, longLived: true }); // as the app opens it
      service.whoCan({ snapshotId: picks.snapshotId, permission: picks.permissionId, scope: picks.rounds[0].orgs[0] });
      return elapsedMs(start);
    },
    async round(picks, { snapshotId, permissionId }) {
      const whoCan = await measure(picks.orgs, (scope) =>
        [...new Set(service.whoCan({ snapshotId, permission: permissionId, scope }).answer.entries.map((e) => e.email))].sort(),
      );
      const can = await measure(
        picks.checks,
        ([email, scope, permission]) => service.can({ snapshotId, email, permission, scope }).answer.allowed,
      );
      const matrix = await measure(picks.orgs, (scope) => service.matrix({ snapshotId, scope }).answer.rows.length);
      const access = await measure(picks.people, (email) => service.access({ snapshotId, email }).answer.nodes.length);
      return {
        times: { whoCan: whoCan.times, can: can.times, matrix: matrix.times, access: access.times },
        whoCan: whoCan.answers,
        can: can.answers,
      };
    },
  };
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

function casbinSide(csv: string): Side {
  const model = resolveModel(getModel(PLATFORM));
  let enforcer: Awaited<ReturnType<typeof newEnforcer>>;
  return {
    async ready(picks) {
      const start = process.hrtime.bigint();
      const rules = casbinRules(csv, model);
      enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL));
      // The fastest load casbin offers: the rules straight into its model, then the role links once.
      enforcer.getModel().addPolicies('p', 'p', rules.p);
      enforcer.getModel().addPolicies('g', 'g', rules.g);
      await enforcer.buildRoleLinks();
      enforcer.enforceSync(...picks.rounds[0].checks[0]);
      return elapsedMs(start);
    },
    async round(picks, { permissionId }) {
      const roleManager = enforcer.getRoleManager();
      const policy = enforcer.getModel().model.get('p')?.get('p')?.policy ?? [];
      // Hand-tuned who-can: the roles holding the permission, then each one's users in the tenant.
      const whoCan = await measure(picks.orgs, async (org) => {
        const roles = new Set(policy.filter((rule) => rule[1] === permissionId).map((rule) => rule[0]));
        const people = new Set<string>();
        for (const role of roles) for (const user of await roleManager.getUsers(role, org)) people.add(user);
        return [...people].sort();
      });
      const can = await measure(picks.checks, ([email, org, permission]) => enforcer.enforceSync(email, org, permission));
      return { times: { whoCan: whoCan.times, can: can.times }, whoCan: whoCan.answers, can: can.answers };
    },
  };
}

/** A side in a child process of its own, answering one round per line it reads. */
class Child {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  constructor(self: string, side: 'ours' | 'casbin', csv: string, db: string, picksFile: string) {
    this.process = spawn(process.execPath, ['--max-old-space-size=16384', self, '--engine-child', side, csv, db, picksFile]);
    this.process.stderr.pipe(process.stderr);
    this.lines = readline.createInterface({ input: this.process.stdout })[Symbol.asyncIterator]();
  }

  async next<T>(command?: string): Promise<T> {
    if (command !== undefined) this.process.stdin.write(`${command}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('a bench child stopped early');
    return JSON.parse(line.value) as T;
  }

  close(): void {
    this.process.stdin.end();
  }
}

const ms = (value: number) => (value < 1 ? `${value.toFixed(3)} ms` : `${value.toFixed(1)} ms`);

/**
 * Runs both sides on the imported `db` (from `csv`), the rounds in turn, and returns the table's
 * rows: [measure, node-casbin, permaudit, ratio, target, verdict].
 */
export async function benchEngine(self: string, csv: string, db: string, dir: string): Promise<string[][]> {
  const picks = choosePicks(db);
  const picksFile = path.join(dir, 'engine-picks.json');
  fs.writeFileSync(picksFile, JSON.stringify(picks));
  // One side gets ready at a time, so neither's start is slowed by the other's.
  const ours = new Child(self, 'ours', csv, db, picksFile);
  const oursReady = await ours.next<Ready>();
  const casbin = new Child(self, 'casbin', csv, db, picksFile);
  const ready = { ours: oursReady, casbin: await casbin.next<Ready>() };
  const sides = { ours, casbin };
  const rounds: Record<'ours' | 'casbin', Round[]> = { ours: [], casbin: [] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const side of i % 2 === 0 ? (['ours', 'casbin'] as const) : (['casbin', 'ours'] as const)) {
      rounds[side].push(await sides[side].next<Round>(String(i)));
    }
  }
  const rss = { ours: (await sides.ours.next<Ready>('rss')).rssMiB, casbin: (await sides.casbin.next<Ready>('rss')).rssMiB };
  sides.ours.close();
  sides.casbin.close();

  const measured = (side: 'ours' | 'casbin') => rounds[side].slice(1);
  const answers = (side: 'ours' | 'casbin') => JSON.stringify(measured(side).map((r) => [r.whoCan, r.can]));
  const equal = answers('ours') === answers('casbin');
  if (!equal) throw new Error('the engines disagree on who-can or can: see .bench/engine-picks.json for the picks');
  const times = (side: 'ours' | 'casbin', key: string) => measured(side).flatMap((r) => r.times[key] ?? []);
  const people = median(measured('ours').flatMap((r) => r.whoCan.map((p) => p.length)));
  const checks = measured('ours').flatMap((r) => r.can);
  const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');
  const row = (name: string, key: string, target: string) => {
    const theirs = times('casbin', key).length > 0 ? median(times('casbin', key)) : undefined;
    const mine = median(times('ours', key));
    const met = theirs === undefined ? mine < 5 : mine <= theirs;
    return [
      name,
      theirs === undefined ? '' : ms(theirs),
      ms(mine),
      theirs === undefined ? '' : `${(mine / theirs).toFixed(2)}×`,
      target,
      verdict(met),
    ];
  };
  return [
    ['measure', 'node-casbin', 'permaudit', 'ratio', 'target', 'verdict'],
    ['load / open until it answers', ms(ready.casbin.readyMs), ms(ready.ours.readyMs), '', '< 100 ms', verdict(ready.ours.readyMs < 100)],
    [
      'memory with it open, after all rounds (RSS)',
      `${rss.casbin.toFixed(0)} MiB`,
      `${rss.ours.toFixed(0)} MiB`,
      '',
      '< 250 MB',
      verdict(rss.ours * 1.048576 < 250),
    ],
    row(`who can ${PERMISSION.toLowerCase()} at an organization (median ${people} people)`, 'whoCan', '≤ casbin'),
    row(`can a person … at an organization (${checks.filter(Boolean).length} of ${checks.length} yes)`, 'can', '≤ enforceSync'),
    row('matrix at an organization', 'matrix', '< 5 ms'),
    row("a person's effective access", 'access', '< 5 ms'),
    ['answers equal (who-can, can), every pick', '', '', '', 'equal', verdict(equal)],
  ];
}

/** The child side of benchEngine: `--engine-child ours|casbin CSV DB PICKS`. */
export async function engineChild(name: string, csv: string, db: string, picksFile: string): Promise<void> {
  const picks = JSON.parse(fs.readFileSync(picksFile, 'utf8')) as Picks;
  const side = name === 'casbin' ? casbinSide(csv) : ourSide(db);
  const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  say({ readyMs: await side.ready(picks), rssMiB: process.memoryUsage().rss / 2 ** 20 });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'rss') say({ readyMs: 0, rssMiB: process.memoryUsage().rss / 2 ** 20 });
    else say(await side.round(picks.rounds[Number(line)], picks));
  }
}
