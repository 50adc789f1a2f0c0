// Diffs as text, read like a plan: `+` gained or added, `-` lost or removed, `~` changed; grouped by
// person with privileged changes first; the one-line summary last. Emails, labels, roles and paths
// are never broken over two lines.

import type { Answered, ModelDiffAnswer, WhatIfAnswer } from '../../shared/api';
import { extentText, filterAccess, type DiffFilters } from '../../shared/engine/diff-export';
import type { GrantChange, RoleChange } from '../../shared/engine/model-diff';
import { personRuns, type PersonAccessChange, type SnapshotDiff } from '../../shared/engine/snapshot-diff';
import type { SnapshotInfo } from '../../shared/snapshot';
import { defaultLayout, wrap, type Layout } from './table';

const SIGN = { gained: '+', lost: '-', added: '+', removed: '-', changed: '~' } as const;

/** "API only" where a change holds on one channel; nothing where it holds on both. */
const channelNote = (channels: readonly string[]) => (channels.length === 1 ? ` (${channels[0].toUpperCase()} only)` : '');

const snapshotName = (s: SnapshotInfo) => `#${s.id} "${s.name}"`;

/** The import row behind an assignment, or the plan's change that makes it. */
const rowOf = (via: PersonAccessChange['via']) =>
  via.sourceFile === 'plan' ? `(plan change ${via.sourceLine})` : `(row ${via.sourceFile}:${via.sourceLine})`;

/** Where a change applies and through which assignment, as one line's text. */
const whereVia = (c: PersonAccessChange) => `${extentText(c)}, via ${c.via.role} ${rowOf(c.via)}`;

/**
 * People's changes of effective access, each person under a line of their own (`+` added, `-`
 * removed, `~` still there), each permission once with every place it changes at. Where all of a
 * person's changes come through one assignment, the place is said once, above them.
 */
function accessLines(access: PersonAccessChange[], layout: Layout, people: { added?: string[]; removed?: string[] } = {}): string[] {
  const lines: string[] = [];
  const whole = (c: PersonAccessChange) => [c.label, c.scope, c.via.role, rowOf(c.via)];
  for (const changes of personRuns(access)) {
    const { email, name } = changes[0];
    const sign = people.added?.includes(email) ? '+' : people.removed?.includes(email) ? '-' : '~';
    lines.push('', `${sign} ${email}${name && name !== email ? ` (${name})` : ''}`);
    const oneSource = changes.every((c) => whereVia(c) === whereVia(changes[0]));
    if (oneSource) lines.push(wrap(`    all ${whereVia(changes[0])}:`, layout.width, '      ', whole(changes[0])));
    let heading: string | undefined;
    for (const c of changes) {
      const head = `    ${SIGN[c.change]} ${c.label}${channelNote(c.channels)}${c.privileged ? '  [privileged]' : ''}`;
      if (head !== heading) lines.push(wrap(head, layout.width, '      ', [c.label]));
      heading = head;
      if (!oneSource) lines.push(wrap(`        ${whereVia(c)}`, layout.width, '        ', whole(c)));
    }
  }
  return lines;
}

export function snapshotDiff(diff: SnapshotDiff, filters: DiffFilters = {}, layout: Layout = defaultLayout()): string {
  const access = filterAccess(diff.access, filters);
  const lines = [
    wrap(`Changes from snapshot ${snapshotName(diff.before)} to ${snapshotName(diff.after)} (${diff.after.platform})`, layout.width),
  ];
  if (diff.modelNote) lines.push(wrap(`Note: ${diff.modelNote}.`, layout.width, '  '));
  const { users, assignments } = diff;
  if (users.added.length + users.removed.length + users.changed.length > 0) {
    lines.push('', 'People');
    for (const email of users.added) lines.push(`  + ${email}`);
    for (const email of users.removed) lines.push(`  - ${email}`);
    for (const u of users.changed) {
      const what = u.changes.map((c) => `${c.field} ${c.before ?? 'unknown'} → ${c.after ?? 'unknown'}`).join(', ');
      lines.push(wrap(`  ~ ${u.email}: ${what}`, layout.width, '      ', [u.email]));
    }
  }
  if (assignments.added.length + assignments.removed.length > 0) {
    lines.push('', 'Assignments');
    for (const [sign, list] of [
      ['+', assignments.added],
      ['-', assignments.removed],
    ] as const) {
      for (const a of list)
        lines.push(wrap(`  ${sign} ${a.email}: ${a.role} @ ${a.path}`, layout.width, '      ', [a.email, a.role, a.path]));
    }
  }
  lines.push('', filters.privileged ? 'Effective access (privileged permissions only)' : 'Effective access (privileged first)');
  if (access.length === 0) lines.push('  No one gains or loses anything.');
  else lines.push(...accessLines(access, layout, users).slice(1));
  lines.push('', `Summary: ${diff.summary}.`);
  return lines.join('\n');
}

function grantLines(role: RoleChange, layout: Layout): string[] {
  const line = (sign: string, g: GrantChange) =>
    wrap(`    ${sign} ${g.label}${channelNote(g.channels)}${g.privileged ? '  [privileged]' : ''}`, layout.width, '      ', [g.label]);
  return [...role.gained.map((g) => line('+', g)), ...role.lost.map((g) => line('-', g))];
}

export function modelDiff({ diff, impact }: ModelDiffAnswer, layout: Layout = defaultLayout()): string {
  const since = diff.after.effectiveFrom ? `, in force from ${diff.after.effectiveFrom}` : '';
  const lines = [wrap(`${diff.after.name}: model version ${diff.before.version} → ${diff.after.version}${since}`, layout.width)];
  if (diff.roles.length === 0) lines.push('', 'No role changed.');
  for (const role of diff.roles) {
    const what = role.status === 'changed' ? (role.renamedFrom ? `renamed from "${role.renamedFrom}"` : 'changed') : role.status;
    lines.push('', `${SIGN[role.status]} ${role.label} (${what})`, ...grantLines(role, layout));
  }
  const { permissions, constraints } = diff;
  const catalog = [
    ...permissions.added.map((p) => `  + ${p.label}`),
    ...permissions.removed.map((p) => `  - ${p.label}`),
    ...permissions.changed.map((p) => wrap(`  ~ ${p.label}: ${p.changes.join(', ')}`, layout.width, '      ', [p.label])),
  ];
  if (catalog.length > 0) lines.push('', 'Permissions', ...catalog);
  if (constraints.added.length + constraints.removed.length > 0) {
    lines.push('', 'Constraints', ...constraints.added.map((c) => `  + ${c}`), ...constraints.removed.map((c) => `  - ${c}`));
  }
  lines.push('', `Summary: ${diff.summary}.`);
  if (impact) {
    lines.push('', wrap(`Whom it affects in snapshot ${snapshotName(impact.snapshot)}:`, layout.width));
    if (impact.access.length === 0) lines.push('  No one holds a changed role.');
    else lines.push(...accessLines(impact.access, layout));
    lines.push('', `${impact.summary[0].toUpperCase()}${impact.summary.slice(1)}.`);
  }
  return lines.join('\n');
}

/** A what-if plan's delta; with `noNewAccess`, the check's verdict last (the new grants, or none). */
export function whatIf(
  { snapshot, answer }: Answered<WhatIfAnswer>,
  options: { noNewAccess?: boolean; saved?: boolean } = {},
  layout: Layout = defaultLayout(),
): string {
  const lines = [
    wrap(`What the plan "${answer.plan}" would change in snapshot ${snapshotName(snapshot)} (${snapshot.platform})`, layout.width),
  ];
  if (answer.access.length === 0) lines.push('', '  No one would gain or lose anything.');
  else lines.push(...accessLines(answer.access, layout, answer));
  lines.push('', `Summary: ${answer.summary}.`);
  if (options.saved) lines.push(`Saved as the plan "${answer.plan}".`);
  if (options.noNewAccess) {
    lines.push(
      answer.gained === 0
        ? 'Check passed: the plan gives nobody anything new.'
        : `Check failed: the plan gives ${answer.gainers} ${answer.gainers === 1 ? 'person' : 'people'} ${answer.gained} new ${answer.gained === 1 ? 'grant' : 'grants'} (the + lines above).`,
    );
  }
  return lines.join('\n');
}
