// The measured side of scripts/bench-bulk.ts, each run its own process (dist/bench-bulk-child.cjs)
// so that its peak memory is its own. Prints one JSON line:
//   import CSV DB PLATFORM         → { snapshotId }: the snapshot of exactly that file, imported if not there yet
//   effective DB SNAPSHOT          → { seconds, cpuSeconds, peakMiB, users, grants }: everyone's effective grants
//   diff DB BEFORE AFTER           → { seconds, cpuSeconds, peakMiB, removed, added }: the assignment-level difference
//   access-diff DB BEFORE AFTER    → { seconds, cpuSeconds, peakMiB, removed, added, gained, lost }: the snapshot diff
//                                    with effective access, as `permaudit diff` asks the service for it
//   findings DB SNAPSHOT RULES     → { seconds, cpuSeconds, peakMiB, findings, summary }: every findings rule, with the
//                                    rules file RULES, as `permaudit findings --rules RULES` asks the service for it
//   report DB SNAPSHOT [TYPE FORMAT [RULES]]
//                                  → { seconds, cpuSeconds, peakMiB, bytes, summary }: a report (default: the access
//                                    review report of the snapshot's newest review, or of its whole population
//                                    undecided when it has none, as HTML) written to a file (then removed), as
//                                    `permaudit report --type TYPE --format FORMAT --out FILE` writes it
// cpuSeconds (user + system) tells a slow run from a busy machine.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReportRequest } from '../shared/api';
import { openAuditService } from '../electron/services/audit-service';
import { openDatabase } from '../electron/store/database';
import { SnapshotStore } from '../electron/store/snapshot-store';
import { diffAssignments, effectiveGrants } from '../shared/engine/bulk';
import { resolveModel } from '../shared/model/resolve';
import { getModel } from '../shared/models';

/** Starts timing; the function it returns gives the wall-clock and CPU seconds since. */
function stopwatch() {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { seconds: Number(process.hrtime.bigint() - wall) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
  };
}

const peakMiB = () => process.resourceUsage().maxRSS / 1024;

async function importOnce(csv: string, db: string, platform: string) {
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(csv)).digest('hex');
  const service = openAuditService({ dbPath: db });
  try {
    const there = service.snapshots({}).find((s) => s.files.length === 1 && s.files[0].sha256 === sha256);
    const snapshot = there ?? (await service.importFiles({ files: [{ path: csv }], platform, name: path.basename(csv) }));
    return { snapshotId: snapshot.id };
  } finally {
    service.close();
  }
}

function effective(db: string, snapshotId: number) {
  const store = new SnapshotStore(openDatabase(db));
  const elapsed = stopwatch();
  const info = store.get(snapshotId);
  if (!info) throw new Error(`no snapshot #${snapshotId} in ${db}`);
  const ev = { model: resolveModel(getModel(info.platform), info.modelVersion), view: store.view(snapshotId) };
  let users = 0;
  let grants = 0;
  for (const access of effectiveGrants(ev)) {
    users++;
    grants += access.grants.length;
  }
  return { ...elapsed(), peakMiB: peakMiB(), users, grants };
}

function diff(db: string, before: number, after: number) {
  const store = new SnapshotStore(openDatabase(db));
  const elapsed = stopwatch();
  const counts = { removed: 0, added: 0 };
  for (const change of diffAssignments(store.view(before), store.view(after))) counts[change.change]++;
  return { ...elapsed(), peakMiB: peakMiB(), ...counts };
}

async function accessDiff(db: string, before: number, after: number) {
  const service = openAuditService({ dbPath: db, mustExist: true });
  try {
    const elapsed = stopwatch();
    const answer = await service.diffSnapshots({ before, after });
    const measured = elapsed();
    const { assignmentsRemoved: removed, assignmentsAdded: added, gained, lost } = answer.counts;
    return { ...measured, peakMiB: peakMiB(), removed, added, gained, lost };
  } finally {
    service.close();
  }
}

async function findings(db: string, snapshotId: number, rules: string) {
  const service = openAuditService({ dbPath: db, mustExist: true });
  try {
    const elapsed = stopwatch();
    const { answer } = await service.findings({ snapshotId, rules: { path: rules } });
    const measured = elapsed();
    return { ...measured, peakMiB: peakMiB(), findings: answer.findings.length, summary: answer.summary };
  } finally {
    service.close();
  }
}

async function report(db: string, snapshotId: number, type = 'access-review', format = 'html', rules?: string) {
  const service = openAuditService({ dbPath: db, mustExist: true });
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-report-')), `report.${format}`);
  try {
    const elapsed = stopwatch();
    const written = await service.writeReport(
      {
        snapshotId,
        type: type as ReportRequest['type'],
        format: format as ReportRequest['format'],
        rules: rules ? { path: rules } : undefined,
      },
      out,
    );
    const measured = elapsed();
    return { ...measured, peakMiB: peakMiB(), bytes: written.bytes, summary: written.summary };
  } finally {
    service.close();
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

async function main([mode, ...args]: string[]) {
  if (mode === 'report') return report(args[0], Number(args[1]), args[2], args[3], args[4]);
  if (mode === 'findings') return findings(args[0], Number(args[1]), args[2]);
  if (mode === 'access-diff') return accessDiff(args[0], Number(args[1]), Number(args[2]));
  if (mode === 'import') return importOnce(args[0], args[1], args[2]);
  if (mode === 'effective') return effective(args[0], Number(args[1]));
  if (mode === 'diff') return diff(args[0], Number(args[1]), Number(args[2]));
  throw new Error(`unknown mode ${mode}`);
}

main(process.argv.slice(2)).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
