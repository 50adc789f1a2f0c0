// Plain-text renderings of answers, for a terminal of any width or for a pipe or a file.
// Each takes a Layout ({ width: number | undefined }, see ./table): the terminal's width, or
// undefined for no limit. Emails, permissions, roles and scope paths are printed whole, always.

import type {
  AccessMatrix,
  Answered,
  CanAnswer,
  ImportProgress,
  ModelInfo,
  SavedPlan,
  SnapshotInfo,
  UserAccess,
  WhoCanAnswer,
  WhoCanEntry,
} from '../../shared/api';
import { encodingLabel } from '../../shared/csv/text';
import type { RoleModel } from '../../shared/model/types';
import type { MatrixCell, PersonFacts } from '../../shared/engine/evaluate';
import { CELL_SYMBOL, CELL_TEXT } from '../../shared/engine/matrix-export';
import { citeSeeds } from '../../shared/models/seeds';
import { canLine, hopLine } from '../../shared/engine/potential';
import { personFlags } from '../../shared/people';
import { visible } from '../../shared/text/visible';
import { defaultLayout, displayWidth, formatTable, key, optional, wrap, type Layout } from './table';

export { outputWidth, type Layout } from './table';

const channels = (list: string[]) => (list.length === 2 ? 'UI, API' : list.map((c) => c.toUpperCase()).join(', '));

function snapshotLine(snapshot: SnapshotInfo): string {
  const file = snapshot.model.origin === 'user' ? ` from ${snapshot.model.fileName}` : '';
  return `snapshot #${snapshot.id} "${snapshot.name}" · ${snapshot.platform} model ${snapshot.modelVersion}${file}`;
}

export function progress(p: ImportProgress): string {
  if (p.waiting) return `importing ${p.file}: ${p.waiting}`;
  const percent = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
  return `importing ${p.file}: ${percent}% (${p.rows.toLocaleString('en-US')} rows)`;
}

export function imported(info: SnapshotInfo, layout: Layout = defaultLayout()): string {
  const files = formatTable(
    [key('FILE'), 'ROWS', 'BYTES', 'ENCODING'],
    info.files.map((f) => [f.name, String(f.rows), String(f.size), encodingLabel(f.encoding)]),
    layout,
  );
  // Each file's SHA-256 whole (a person checks or copies it), as `sha256sum` prints it: hash, two spaces, name.
  const hashes = info.files.map((f) => `${f.sha256}  ${f.name}`);
  if (info.model.origin === 'user') hashes.push(`${info.model.sha256}  ${info.model.fileName} (the role model, kept with the snapshot)`);
  return [
    `Imported ${snapshotLine(info)}`,
    `${info.userCount} users, ${info.nodeCount} tenant nodes, ${info.assignmentCount} role assignments${info.asOf ? ` (as of ${info.asOf})` : ''}`,
    '',
    files,
    '',
    'SHA-256:',
    ...hashes,
  ].join('\n');
}

/** `permaudit plans`: the saved plans, by name. */
export function plans(list: SavedPlan[], layout: Layout = defaultLayout()): string {
  if (list.length === 0) return 'No saved plans. Save one with `permaudit what-if --plan FILE --save`.';
  return formatTable(
    [key('NAME'), 'CHANGES', key('SAVED')],
    list.map((p) => [p.name, String(p.changes), p.savedAt.slice(0, 16).replace('T', ' ')]),
    layout,
  );
}

/** `permaudit models validate`: what the file defines, and its SHA-256 as `sha256sum` prints it. */
export function modelValidated(model: RoleModel, file: { sha256: string; fileName: string }, layout: Layout = defaultLayout()): string {
  const versions = model.versions.map((v) => (v.effectiveFrom ? `${v.id} (from ${v.effectiveFrom})` : v.id)).join(', ');
  return [
    wrap(`${file.fileName}: a valid role model for ${model.name} (platform id ${model.id})`, layout.width, '  '),
    wrap(`  levels: ${model.levels.map((l) => l.name).join(' > ')}`, layout.width, '    '),
    `  ${model.permissions.length} permissions (${model.permissions.filter((p) => p.privileged).length} privileged), ${model.roles.length} roles, ${model.constraints.length} constraints`,
    wrap(`  versions: ${versions}`, layout.width, '    '),
    '',
    'SHA-256:',
    `${file.sha256}  ${file.fileName}`,
  ].join('\n');
}

export function snapshots(list: SnapshotInfo[], layout: Layout = defaultLayout()): string {
  if (list.length === 0) return 'No snapshots yet. Import one with `permaudit import FILE --platform ID --db DB`.';
  return formatTable(
    [key('ID'), 'NAME', key('PLATFORM'), key('MODEL'), key('IMPORTED'), optional('USERS'), optional('ASSIGNMENTS')],
    list.map((s) => [
      String(s.id),
      s.name,
      s.platform,
      s.modelVersion,
      s.importedAt.slice(0, 16).replace('T', ' '),
      String(s.userCount),
      String(s.assignmentCount),
    ]),
    layout,
  );
}

export function platforms(list: ModelInfo[], layout: Layout = defaultLayout()): string {
  return formatTable(
    [key('ID'), 'NAME', 'SCOPE LEVELS', 'VERSIONS'],
    list.map((m) => [
      m.platform.id,
      m.platform.name,
      m.platform.levels.map((l) => l.name).join(' > '),
      m.platform.versions.map((v) => v.effectiveFrom ?? v.id).join(', '),
    ]),
    layout,
  );
}

export function permissions(info: ModelInfo, layout: Layout = defaultLayout()): string {
  const table = formatTable(
    [key('ID'), key('LABEL'), 'CATEGORY', optional('LEVEL'), optional('KIND')],
    info.permissions.map((p) => [p.id, p.label + (p.planDependent ? ' *' : ''), p.category, p.level, p.kind]),
    layout,
  );
  const plan = info.permissions.some((p) => p.planDependent)
    ? `\n${wrap(`* availability depends on the customer's ${info.platform.name} plan`, layout.width, '  ')}`
    : '';
  return `${info.platform.name} permissions (model version ${info.version.id})\n\n${table}${plan}`;
}

export function roles(info: ModelInfo, layout: Layout = defaultLayout()): string {
  const levelName = (id: string) => info.platform.levels.find((l) => l.id === id)?.name ?? id;
  const table = formatTable(
    [key('ROLE'), 'LEVEL', 'REACH', 'GRANTS', 'ALSO CALLED'],
    info.roles.map((r) => [
      r.name,
      levelName(r.level),
      r.reach === 'subtree' ? 'node and below' : 'node only',
      String(r.grants.length),
      r.aliases.join(', '),
    ]),
    layout,
  );
  const rules = [...info.constraints.map((c) => c.description), ...info.notes.map((n) => n.text)];
  return [
    `${info.platform.name} roles (model version ${info.version.id})`,
    '',
    table,
    ...(rules.length ? ['', ...rules.map((r) => wrap(`• ${r}`, layout.width, '  '))] : []),
  ].join('\n');
}

export function whoCan({ snapshot, answer }: Answered<WhoCanAnswer>, layout: Layout = defaultLayout()): string {
  const where = answer.scope ? ` in ${answer.scope}` : '';
  const via = answer.channel ? ` via the ${answer.channel.toUpperCase()}` : '';
  const held = answer.entries.filter((e) => !e.potential);
  const potential = answer.entries.filter((e) => e.potential);
  const users = new Set(held.map((e) => e.email)).size;
  const here = (path: string) => (path === answer.scope ? 'here' : path);
  // Worded as the app says it: "12 people can "…" in …".
  const title = `${users} ${users === 1 ? 'person' : 'people'} can "${answer.permission.label}"${where}${via}\n(${snapshotLine(snapshot)})`;
  const whole = [answer.scope ?? '', `"${answer.permission.label}"`];
  const table =
    held.length === 0
      ? 'Nobody.'
      : formatTable(
          [key('EMAIL'), key('ROLE'), key('ASSIGNED AT'), key('APPLIES TO'), 'CHANNEL'],
          held.map((e) => [
            e.email,
            e.roleLabel,
            here(e.assignedAt),
            here(e.scope) + (e.includesBelow ? ' and below' : ''),
            channels(e.channels),
          ]),
          layout,
        );
  const note = answer.scope && held.length > 0 ? `\n\n"here" is ${answer.scope}.` : '';
  return `${wrap(title, layout.width, '', whole)}\n\n${table}${wrap(note, layout.width, '', [answer.scope ?? ''])}${potentialSection(answer, potential)}${checkFirst(answer.entries)}`;
}

/**
 * Who could give themselves the permission (`--potential`), apart from who holds it: each place a
 * line `… CAN … THRU …`, then one line per hop of the path.
 */
function potentialSection(answer: WhoCanAnswer, potential: WhoCanEntry[]): string {
  if (!answer.potential) return '';
  const people = new Set(potential.map((e) => e.email)).size;
  const heading = `Potential access: ${people} ${people === 1 ? 'person' : 'people'} could give themselves "${answer.permission.label}" (no role gives it to them there today):`;
  if (potential.length === 0) return `\n\n${heading.replace(/:$/, '.')}`;
  const lines = potential.flatMap((e) => {
    const hops = e.path ?? [];
    const at = `${e.assignedAt}${e.includesBelow ? ' and below' : ''}`;
    return [`  ${canLine(e.email, answer.permission.label, at, hops)}`, ...hops.map((h) => `     ${hopLine(e.email, h)}`)];
  });
  return `\n\n${heading}\n${lines.join('\n')}`;
}

/** People whose account is not active or who have no MFA, each once: a reviewer looks at them first. */
function checkFirst(people: (PersonFacts & { email: string })[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const person of people) {
    const flags = personFlags(person);
    if (flags.length === 0 || seen.has(person.email)) continue;
    seen.add(person.email);
    lines.push(`  ${person.email}: ${flags.map((f) => f.text).join(', ')}`);
  }
  return lines.length === 0 ? '' : `\n\nCheck first (status or MFA from the export):\n${lines.join('\n')}`;
}

export function can({ snapshot, answer }: Answered<CanAnswer>, layout: Layout = defaultLayout()): string {
  const via = answer.channel ? ` via the ${answer.channel.toUpperCase()}` : '';
  const verdict = answer.allowed ? 'YES' : 'NO';
  // Paths, roles and the permission are never broken over two lines.
  const whole = [
    answer.scope,
    `"${answer.permission.label}"`,
    ...answer.reasons.flatMap((r) => (r.chain ? [r.chain.assignedAt, r.chain.roleLabel] : [])),
  ];
  const lines = [
    wrap(
      `${verdict}: ${answer.user.email} ${answer.allowed ? 'can' : 'cannot'} "${answer.permission.label}" at ${answer.scope}${via}`,
      layout.width,
      '',
      whole,
    ),
    `(${snapshotLine(snapshot)})`,
    '',
    ...answer.reasons.flatMap((r) => {
      const row = r.chain ? ` [row ${r.chain.sourceFile}:${r.chain.sourceLine}]` : '';
      const reason = wrap(
        `  ${r.kind === 'grants' ? '✔' : r.kind === 'plan-dependent' ? '!' : '✖'} ${r.text}${row}`,
        layout.width,
        '    ',
        [...whole, row.trim()],
      );
      // One short line with the vendor's page behind the grant.
      const source =
        r.chain && r.chain.grantSource.length > 0 ? [wrap(`    per ${citeSeeds(r.chain.grantSource)}`, layout.width, '      ')] : [];
      return [reason, ...source];
    }),
  ];
  if (!answer.allowed) lines.push('', wrap(`Roles that grant it: ${answer.grantingRoles.join(', ') || 'none'}`, layout.width, '  '));
  return lines.join('\n');
}

/** `lead` and the items on one line when it fits, else each item (a role at a path) whole on a line of its own. */
function list(lead: string, items: string[], layout: Layout): string {
  const line = `${lead}${items.join(', ')}`;
  if (layout.width === undefined || displayWidth(line) <= layout.width) return line;
  const width = layout.width;
  // A role at a path too wide for a line: the role, then the path whole under it.
  const whole = (item: string) => {
    const at = item.indexOf(' @ ');
    return displayWidth(`    ${item}`) <= width || at < 0 ? [`    ${item}`] : [`    ${item.slice(0, at)} @`, `      ${item.slice(at + 3)}`];
  };
  return [lead.trimEnd(), ...items.flatMap(whole)].join('\n');
}

export function access({ snapshot, answer }: Answered<UserAccess>, layout: Layout = defaultLayout()): string {
  const head = wrap(`${answer.user.name} <${answer.user.email}>\n(${snapshotLine(snapshot)})`, layout.width);
  if (answer.nodes.length === 0) return `${head}\n\nNo roles in this snapshot.`;
  const held = answer.nodes.length;
  const { status, mfa, lastLogin } = answer.user;
  const facts = `Status ${status ?? 'unknown'} · MFA ${mfa ?? 'unknown'} · last login ${lastLogin ?? 'unknown'} (as the export says)`;
  const reach = `${facts}\nRoles at ${held} tenant${held === 1 ? '' : 's'}, reaching ${answer.reachCount} tenant${answer.reachCount === 1 ? '' : 's'}.`;
  const blocks = answer.nodes.map((n) => {
    const via = n.permissions.map((p) => p.via.map((v) => `${v.roleLabel} @ ${v.assignedAt}`).join('\n'));
    // One role behind every permission (the usual case): said once above the table, which then fits a terminal.
    const same = via.every((v) => v === via[0]);
    const table = same
      ? formatTable(
          [key('PERMISSION'), 'CHANNEL'],
          n.permissions.map((p) => [p.permission.label, channels(p.channels)]),
          layout,
        )
      : formatTable(
          [key('PERMISSION'), 'CHANNEL', key('VIA')],
          n.permissions.map((p, i) => [p.permission.label, channels(p.channels), via[i]]),
          layout,
        );
    const once = same && via[0] !== undefined && !(n.roles.length === 1 && n.roles[0] === via[0]);
    const all = once ? `\n${list('  every permission below via ', via[0].split('\n'), layout)}` : '';
    return `${n.node.path}\n${list('  roles: ', n.roles, layout)}${all}\n\n${table}`;
  });
  return [head, reach, ...blocks].join('\n\n');
}

/**
 * rakkess-style: one symbol per permission under a numbered column, the numbers explained in a
 * legend under the table (1 = View Logs, …). Emails are whole; when the permissions do not fit
 * beside them in the width, they go on in further blocks, each with its own header row of numbers.
 */
export function matrixTable({ snapshot, answer }: Answered<AccessMatrix>, layout: Layout = defaultLayout()): string {
  const title = wrap(
    `Access matrix at ${answer.scope ?? 'the top of the tenancy (above its roots)'}\n(${snapshotLine(snapshot)})`,
    layout.width,
    '',
    [answer.scope ?? ''],
  );
  if (answer.rows.length === 0) return `${title}\n\nNo users hold roles here.`;
  const emails = answer.rows.map((r) => visible(r.email)); // escaped before measuring, as in formatTable
  const emailWidth = Math.max(displayWidth('USER'), ...emails.map(displayWidth));
  const count = answer.permissions.length;
  // Each permission a column as wide as its number, one space before it.
  const column = String(count).length + 1;
  const fits = layout.width === undefined ? count : Math.floor((layout.width - emailWidth) / column);
  const perBlock = Math.max(1, Math.min(count, fits));
  const padEmail = (text: string) => text + ' '.repeat(emailWidth - displayWidth(text));
  const blocks: string[] = [];
  for (let start = 0; start < count; start += perBlock) {
    const end = Math.min(count, start + perBlock);
    const numbers = Array.from({ length: end - start }, (_, i) => String(start + i + 1).padStart(column)).join('');
    const rows = answer.rows.map(
      (r, n) =>
        `${padEmail(emails[n])}${r.cells
          .slice(start, end)
          .map((c) => CELL_SYMBOL[c].padStart(column))
          .join('')}`,
    );
    blocks.push([`${padEmail('USER')}${numbers}`, ...rows].join('\n'));
  }
  const number = String(count).length;
  const legend = answer.permissions.map((p, i) => `  ${String(i + 1).padStart(number)}  ${visible(p.label)}`);
  const symbols = (Object.keys(CELL_SYMBOL) as MatrixCell[]).map((cell) => `${CELL_SYMBOL[cell]} ${CELL_TEXT[cell]}`).join('   ');
  return [title, '', blocks.join('\n\n'), '', 'Permissions:', ...legend, '', wrap(symbols, layout.width)].join('\n');
}
