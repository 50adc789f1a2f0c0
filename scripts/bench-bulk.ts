// Bulk evaluation targets, on the bench's dataset (scripts/bench.ts generates it and calls benchBulk):
//  - every user's effective access (shared/engine/bulk.ts effectiveGrants) in under 10 s and 300 MB;
//  - the assignment-level difference between that snapshot and a copy with 1% of its rows churned
//    (diffAssignments) in under 5 s;
//  - the snapshot diff with effective access between the same two (diffSnapshots, as `permaudit diff`
//    asks for it) in under 15 s and 500 MB;
//  - findings with every rule on (FINDINGS_RULES: allowed domains, a segregation pair, escalation…),
//    as `permaudit findings --rules` asks the service for them, in under 20 s and 500 MB;
//  - the access review report of the snapshot (no review: its whole population undecided) as HTML,
//    written to a file as `permaudit report --out` writes it: under 60 s and 1.5 GB, the page under
//    100 MB (its items a page at a time);
//  - the who-can report as CSV (one row per grant: tens of millions of rows), written a chunk at a time:
//    it completes, under 1.5 GB (docs/reports.md "Size and scale").
// Each measure runs in its own process (dist/bench-bulk-child.cjs, built by scripts/build.mjs), BENCH_REPEAT
// times (default 3); the table shows the median time and the highest peak memory, and the median CPU
// time, which tells a slow pass from a machine busy with something else.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { median, rng } from './bench-util';

const PLATFORM = 'hyas-protect';
const child = path.resolve('dist/bench-bulk-child.cjs');

/**
 * Writes a copy of a bench CSV (generateDataset's columns: email, name, role, partner, mssp,
 * organization, …; no quoting) with `fraction` of its rows churned: half of them removed, and for the
 * other half a row added beside them, the same person with an organization role at an organization
 * of the same MSSP, one they did not hold. Returns how many rows the source has, and how many were
 * removed and added.
 */
export function churnCsv(source: string, target: string, fraction = 0.01, seed = 2026): { rows: number; removed: number; added: number } {
  const random = rng(seed);
  const [header, ...rows] = fs
    .readFileSync(source, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  const removed = new Set<number>();
  const besides = new Set<number>();
  const orgsOf = new Map<string, Set<string>>();
  const orgRoles = new Set<string>();
  rows.forEach((row, i) => {
    const [, , role, , mssp, org] = row.split(',');
    if (org !== '') {
      orgRoles.add(role);
      if (!orgsOf.has(mssp)) orgsOf.set(mssp, new Set());
      orgsOf.get(mssp)?.add(org);
    }
    const draw = random();
    if (draw < fraction / 2) removed.add(i);
    else if (draw < fraction && org !== '') besides.add(i);
  });
  // What the people given a new row hold already (removed rows included), so the new row is new.
  const people = new Set([...besides].map((i) => rows[i].split(',')[0]));
  const held = new Set<string>();
  for (const row of rows) {
    const [email, , role, , , org] = row.split(',');
    if (people.has(email)) held.add(`${email},${role},${org}`);
  }
  const roles = [...orgRoles];
  const orgLists = new Map([...orgsOf].map(([mssp, orgs]) => [mssp, [...orgs]]));
  const out: string[] = [header];
  let added = 0;
  rows.forEach((row, i) => {
    if (!removed.has(i)) out.push(row);
    if (!besides.has(i)) return;
    const fields = row.split(',');
    const orgs = orgLists.get(fields[4]) ?? [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const role = roles[Math.floor(random() * roles.length)];
      const org = orgs[Math.floor(random() * orgs.length)];
      if (held.has(`${fields[0]},${role},${org}`)) continue;
      held.add(`${fields[0]},${role},${org}`);
      fields[2] = role;
      fields[5] = org;
      out.push(fields.join(','));
      added++;
      break;
    }
  });
  fs.writeFileSync(target, `${out.join('\n')}\n`);
  return { rows: rows.length, removed: removed.size, added };
}

/**
 * A rules file turning every rule on with something to judge on the bench's HYAS dataset: half of its
 * email domains allowed (tenant0…tenant498.example), one segregation pair, the other rules' defaults.
 */
export const FINDINGS_RULES = {
  formatVersion: 1,
  rules: {
    'outside-domain': { everywhere: Array.from({ length: 499 }, (_, i) => `tenant${i}.example`) },
    segregation: {
      pairs: [
        {
          name: 'Operations with integration settings',
          first: { roles: ['MSSP Analyst'] },
          second: { permissions: ['Set SentinelOne Config'] },
        },
      ],
    },
  },
};

function run<T>(args: string[]): T {
  const result = spawnSync(process.execPath, [child, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`bench-bulk-child ${args[0]} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as T;
}

const megabytes = (mebibytes: number) => (mebibytes * 2 ** 20) / 1e6;

/**
 * Measures the bulk targets on `csvPath` (a generateDataset file) in the database `dbPath`, importing
 * it and its churned copy (written to `dir`) where the database does not hold them yet. Rows of
 * [measure, value, target, verdict].
 */
export async function benchBulk(dir: string, csvPath: string, dbPath: string): Promise<string[][]> {
  const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
  const churnedPath = path.join(dir, `${path.basename(csvPath, '.csv')}-churned.csv`);
  const churn = churnCsv(csvPath, churnedPath);
  const before = run<{ snapshotId: number }>(['import', csvPath, dbPath, PLATFORM]).snapshotId;
  const after = run<{ snapshotId: number }>(['import', churnedPath, dbPath, PLATFORM]).snapshotId;

  type Measured = { seconds: number; cpuSeconds: number; peakMiB: number };
  type Effective = Measured & { users: number; grants: number };
  type Diff = Measured & { removed: number; added: number };
  const effective = Array.from({ length: repeat }, () => run<Effective>(['effective', dbPath, String(before)]));
  const diff = Array.from({ length: repeat }, () => run<Diff>(['diff', dbPath, String(before), String(after)]));
  type AccessDiff = Diff & { gained: number; lost: number };
  const accessDiff = Array.from({ length: repeat }, () => run<AccessDiff>(['access-diff', dbPath, String(before), String(after)]));
  const rulesPath = path.join(dir, 'bench-findings-rules.json');
  fs.writeFileSync(rulesPath, JSON.stringify(FINDINGS_RULES, null, 2));
  type Findings = Measured & { findings: number; summary: string };
  const findings = Array.from({ length: repeat }, () => run<Findings>(['findings', dbPath, String(before), rulesPath]));

  type Report = Measured & { bytes: number; summary: string };
  const report = Array.from({ length: repeat }, () => run<Report>(['report', dbPath, String(before), 'access-review', 'html']));
  // Once: the file is some GB, and its time is mostly the disk's.
  const whoCan = run<Report>(['report', dbPath, String(before), 'who-can', 'csv']);

  const n = (value: number) => value.toLocaleString('en-US');
  const accessSeconds = median(effective.map((r) => r.seconds));
  const accessPeak = megabytes(Math.max(...effective.map((r) => r.peakMiB)));
  const diffSeconds = median(diff.map((r) => r.seconds));
  const found = diff[0];
  const accessDiffSeconds = median(accessDiff.map((r) => r.seconds));
  const accessDiffPeak = megabytes(Math.max(...accessDiff.map((r) => r.peakMiB)));
  const findingsSeconds = median(findings.map((r) => r.seconds));
  const findingsPeak = megabytes(Math.max(...findings.map((r) => r.peakMiB)));
  const reportSeconds = median(report.map((r) => r.seconds));
  const reportPeak = megabytes(Math.max(...report.map((r) => r.peakMiB)));
  const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');
  const cpu = (runs: Measured[]) => `${median(runs.map((r) => r.cpuSeconds)).toFixed(2)} s`;
  return [
    ['measure', 'value', 'target', 'verdict'],
    [`everyone's effective access, ${n(churn.rows)} rows`, `${accessSeconds.toFixed(2)} s`, '< 10 s', verdict(accessSeconds < 10)],
    [
      `  ${n(effective[0].users)} users, ${n(effective[0].grants)} grants: peak memory`,
      `${accessPeak.toFixed(0)} MB`,
      '< 300 MB',
      verdict(accessPeak < 300),
    ],
    ['  CPU time (user + system)', cpu(effective), '', ''],
    [`assignment diff, ${n(churn.removed + churn.added)} rows churned`, `${diffSeconds.toFixed(2)} s`, '< 5 s', verdict(diffSeconds < 5)],
    [
      '  changes found: removed, added',
      `${n(found.removed)}, ${n(found.added)}`,
      `${n(churn.removed)}, ${n(churn.added)}`,
      verdict(found.removed === churn.removed && found.added === churn.added),
    ],
    ['  peak memory', `${megabytes(Math.max(...diff.map((r) => r.peakMiB))).toFixed(0)} MB`, '', ''],
    ['  CPU time (user + system)', cpu(diff), '', ''],
    [
      `snapshot diff with effective access (permaudit diff)`,
      `${accessDiffSeconds.toFixed(2)} s`,
      '< 15 s',
      verdict(accessDiffSeconds < 15),
    ],
    ['  peak memory', `${accessDiffPeak.toFixed(0)} MB`, '< 500 MB', verdict(accessDiffPeak < 500)],
    [
      '  assignments removed, added; grants gained, lost',
      `${n(accessDiff[0].removed)}, ${n(accessDiff[0].added)}; ${n(accessDiff[0].gained)}, ${n(accessDiff[0].lost)}`,
      `${n(churn.removed)}, ${n(churn.added)}; —`,
      verdict(accessDiff[0].removed === churn.removed && accessDiff[0].added === churn.added),
    ],
    ['  CPU time (user + system)', cpu(accessDiff), '', ''],
    [`findings, every rule on, ${n(churn.rows)} assignments`, `${findingsSeconds.toFixed(2)} s`, '< 20 s', verdict(findingsSeconds < 20)],
    ['  peak memory', `${findingsPeak.toFixed(0)} MB`, '< 500 MB', verdict(findingsPeak < 500)],
    ['  findings', `${n(findings[0].findings)} (${findings[0].summary})`, '', ''],
    ['  CPU time (user + system)', cpu(findings), '', ''],
    [
      `access review report, HTML, ${n(churn.rows)} items undecided`,
      `${reportSeconds.toFixed(2)} s`,
      '< 60 s',
      verdict(reportSeconds < 60),
    ],
    ['  page size', `${(report[0].bytes / 1e6).toFixed(1)} MB`, '< 100 MB', verdict(report[0].bytes < 100e6)],
    ['  peak memory', `${reportPeak.toFixed(0)} MB`, '< 1500 MB', verdict(reportPeak < 1500)],
    ['  CPU time (user + system)', cpu(report), '', ''],
    [`who-can report, CSV, ${n(churn.rows)} assignments (streamed)`, `${whoCan.seconds.toFixed(2)} s`, 'completes', 'met'],
    ['  file size', `${(whoCan.bytes / 1e9).toFixed(2)} GB`, '', ''],
    ['  peak memory', `${megabytes(whoCan.peakMiB).toFixed(0)} MB`, '< 1500 MB', verdict(megabytes(whoCan.peakMiB) < 1500)],
    ['  CPU time (user + system)', cpu([whoCan]), '', ''],
  ];
}
