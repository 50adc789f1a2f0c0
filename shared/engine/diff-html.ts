// A snapshot diff as one self-contained HTML file for an auditor: where it comes from (both snapshots,
// their models and files, the filters, when and by what it was made), the summary and counts, the
// privileged changes first, then every access change person by person with the assignment behind it,
// the people added, removed and changed, and the assignments added and removed. Inline CSS only (light
// and dark, and for print), no script, nothing fetched; every text from the data is escaped.

import { diffProvenance, type Provenance } from '../provenance';
import { Html, html } from '../text/html';
import { extentText, filterAccess, type DiffFilters } from './diff-export';
import { personRuns, type PersonAccessChange, type SnapshotDiff, type UserField } from './snapshot-diff';

const SIGN = { gained: '+', lost: '−', added: '+', removed: '−', changed: '~' } as const;
const FIELD_NAMES: Record<UserField, string> = { name: 'name', status: 'status', mfa: 'MFA', lastLogin: 'last login' };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** An ISO time as people read it, in UTC: `2026-12-01 09:30 UTC`. */
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The import row behind an assignment (or a plan's change). */
const rowOf = (c: PersonAccessChange) =>
  c.via.sourceFile === 'plan' ? `plan change ${c.via.sourceLine}` : `row ${c.via.sourceFile}:${c.via.sourceLine}`;

const channelNote = (c: PersonAccessChange) => (c.channels.length === 1 ? `${c.channels[0].toUpperCase()} only` : null);

function modelText(s: Provenance['snapshot']): Html {
  const model = s.model;
  if (model.origin === 'built-in') return html`${model.name}, version <code>${s.modelVersion}</code> (built in)`;
  return html`${model.name}, version <code>${s.modelVersion}</code> (your model file ${model.fileName ?? ''})<br /><span class="muted"
      >SHA-256</span
    >
    <code class="sha">${model.sha256 ?? ''}</code>`;
}

function provenanceTable(diff: SnapshotDiff, filters: DiffFilters, generatedAt: Date): Html {
  const question = { kind: 'diff' as const, filters: filters.privileged ? { privileged: true } : ({} as Record<string, boolean>) };
  const provenance = diffProvenance([diff.before, diff.after], question, generatedAt);
  const [before, after] = provenance.snapshots;
  const row = (label: string, cell: (side: (typeof provenance.snapshots)[number]) => Html | Html[] | string) =>
    html`<tr>
      <th scope="row">${label}</th>
      <td>${cell(before)}</td>
      <td>${cell(after)}</td>
    </tr>`;
  return html`<table class="provenance">
      <colgroup>
        <col class="label" />
        <col />
        <col />
      </colgroup>
      <thead>
        <tr>
          <td></td>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        ${row('Snapshot', (s) => html`#${s.snapshot.id} “${s.snapshot.name}”`)} ${row('Imported', (s) => utc(s.snapshot.importedAt))}
        ${row('Role model', (s) => modelText(s.snapshot))} ${row('As of', (s) => s.snapshot.asOf ?? 'the newest model version')}
        ${row('Source files', (s) =>
          s.sourceFiles.map(
            (f) =>
              html`<div>
                ${f.name} <span class="muted">(${plural(f.rows, 'row')})</span><br /><span class="muted">SHA-256</span>
                <code class="sha">${f.sha256}</code>
              </div>`,
          ),
        )}
      </tbody>
    </table>
    <p class="meta">
      Filters: ${filters.privileged ? 'privileged permissions only' : 'none (every change)'} · Generated ${utc(provenance.generatedAt)} by
      ${provenance.generator.name} ${provenance.generator.version}
    </p>`;
}

function counts(diff: SnapshotDiff): Html {
  const c = diff.counts;
  const items: [string, number, string][] = [
    ['gain access', c.gainers, plural(c.gained, 'grant')],
    ['lose access', c.losers, plural(c.lost, 'grant')],
    ['people added', c.usersAdded, ''],
    ['people removed', c.usersRemoved, ''],
    ['people changed', c.usersChanged, ''],
    ['assignments added', c.assignmentsAdded, ''],
    ['assignments removed', c.assignmentsRemoved, ''],
  ];
  return html`<dl class="counts">
    ${items.map(
      ([label, n, detail]) =>
        html`<div>
          <dt>${label}</dt>
          <dd>${n.toLocaleString('en-US')}${detail && html` <span class="muted">${detail}</span>`}</dd>
        </div>`,
    )}
  </dl>`;
}

/** One change as a line: sign, permission (privileged, one channel), where, and the assignment behind it. */
/** Where a change applies and the assignment behind it: "at X and below · via Admin · account (row f.csv:4)". */
const why = (c: PersonAccessChange) => html`${extentText(c)} · via ${c.via.role} <span class="muted">(${rowOf(c)})</span>`;

/** One change as a line; `withPerson` names the person, `withWhy` says where and via what (else said once above). */
function changeLine(c: PersonAccessChange, withPerson: boolean, withWhy = true): Html {
  const note = channelNote(c);
  return html`<li class="${c.change}">
    <span class="sign" aria-label="${c.change}">${SIGN[c.change]}</span>
    <div>
      ${withPerson && html`<strong>${c.email}</strong>${c.name && c.name !== c.email && html` <span class="muted">(${c.name})</span>`}: `}<span
        class="perm"
        >${c.label}</span
      >${c.privileged && html` <span class="tag priv">privileged</span>`}${note && html` <span class="tag">${note}</span>`}
      ${withWhy && html`<div class="why">${why(c)}</div>`}
    </div>
  </li>`;
}

function byPerson(access: PersonAccessChange[], diff: SnapshotDiff): Html[] {
  const people: Html[] = [];
  for (const changes of personRuns(access)) {
    const { email, name } = changes[0];
    // Where all of a person's changes come through one assignment, the place is said once, above them.
    const oneSource = changes.length > 1 && changes.every((c) => why(c).markup === why(changes[0]).markup);
    const kind = diff.users.added.includes(email) ? 'added' : diff.users.removed.includes(email) ? 'removed' : 'changed';
    const gained = changes.filter((c) => c.change === 'gained').length;
    const lost = changes.length - gained;
    const tally = [gained > 0 ? `gains ${gained}` : '', lost > 0 ? `loses ${lost}` : ''].filter(Boolean).join(', ');
    people.push(
      html`<section class="person">
        <h3>
          <span class="sign ${kind}">${SIGN[kind]}</span>
          ${email}${name && name !== email && html` <span class="muted">(${name})</span>`}${kind !== 'changed' && html` <span class="tag">${kind === 'added' ? 'new person' : 'removed'}</span>`}
          <span class="tally">${tally}</span>
        </h3>
        ${oneSource && html`<p class="why all">all ${why(changes[0])}</p>`}
        <ul class="changes">
          ${changes.map((c) => changeLine(c, false, !oneSource))}
        </ul>
      </section>`,
    );
  }
  return people;
}

function peopleSection(diff: SnapshotDiff): Html | null {
  const { added, removed, changed } = diff.users;
  if (added.length + removed.length + changed.length === 0) return null;
  const rows = [
    ...added.map(
      (email) =>
        html`<tr class="added">
          <td class="sign">+</td>
          <td>${email}</td>
          <td>added</td>
        </tr>`,
    ),
    ...removed.map(
      (email) =>
        html`<tr class="removed">
          <td class="sign">−</td>
          <td>${email}</td>
          <td>removed</td>
        </tr>`,
    ),
    ...changed.map(
      (u) =>
        html`<tr>
          <td class="sign">~</td>
          <td>${u.email}${u.name && html` <span class="muted">(${u.name})</span>`}</td>
          <td>
            ${u.changes.map((c, i) => html`${i > 0 && '; '}${FIELD_NAMES[c.field]} ${c.before ?? 'unknown'} → ${c.after ?? 'unknown'}`)}
          </td>
        </tr>`,
    ),
  ];
  return listSection('People', ['Person', 'What changed'], rows);
}

function assignmentsSection(diff: SnapshotDiff): Html | null {
  const { added, removed } = diff.assignments;
  if (added.length + removed.length === 0) return null;
  const rows = [...added.map((a) => ({ a, kind: 'added' as const })), ...removed.map((a) => ({ a, kind: 'removed' as const }))].map(
    ({ a, kind }) =>
      html`<tr class="${kind}">
        <td class="sign">${SIGN[kind]}</td>
        <td>${a.email}${a.name && html` <span class="muted">(${a.name})</span>`}</td>
        <td>${a.role}</td>
        <td>${a.path}</td>
      </tr>`,
  );
  return listSection('Assignments', ['Person', 'Role', 'Where'], rows);
}

/** A section of +/− rows: its heading, then a table whose first column is the sign. */
function listSection(title: string, columns: string[], rows: Html[]): Html {
  return html`<section>
    <h2>${title}</h2>
    <table class="list">
      <thead>
        <tr>
          <td></td>
          ${columns.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}

/** The page's style sheet: markup of the app's own, not data (so not escaped). */
export const PAGE_STYLE = new Html(`
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1f24; --muted: #5b6470; --line: #d8dde3; --soft: #f4f6f8;
  --gain: #1a7f37; --gain-soft: #e6f4ea; --loss: #c62828; --loss-soft: #fdecea; --priv: #8a4b00; --priv-soft: #fff1db; }
@media (prefers-color-scheme: dark) { :root { --bg: #15181c; --fg: #e6e9ed; --muted: #9aa4b0; --line: #323840; --soft: #1e2227;
  --gain: #5cc97a; --gain-soft: #15301d; --loss: #f07a72; --loss-soft: #3a1b1a; --priv: #f0b35c; --priv-soft: #3a2a12; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0 0 6px; overflow-wrap: anywhere; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.sha { overflow-wrap: anywhere; }
.muted, .meta, .kicker { color: var(--muted); }
.kicker { margin: 0 0 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; }
.summary { font-size: 17px; font-weight: 600; margin: 12px 0; }
.note { padding: 8px 12px; border-left: 3px solid var(--priv); background: var(--priv-soft); }
.meta { font-size: 12px; margin: 8px 0 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
thead th { font-size: 12px; color: var(--muted); font-weight: 600; }
.provenance { table-layout: fixed; }
.provenance th[scope="row"] { color: var(--muted); font-weight: 600; font-size: 12px; }
.provenance col.label { width: 130px; }
.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(118px, 1fr)); gap: 8px; margin: 0; }
.counts div { padding: 8px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); }
.counts dt { font-size: 12px; color: var(--muted); }
.counts dd { margin: 0; font-size: 20px; font-weight: 600; }
.counts dd .muted { font-size: 12px; font-weight: 400; }
.changes { list-style: none; margin: 0; padding: 0; }
.changes li { display: flex; gap: 10px; padding: 6px 10px; border-bottom: 1px solid var(--line); }
.changes li:last-child { border-bottom: 0; }
.sign { font-weight: 700; width: 1ch; flex: none; }
.gained .sign, .added .sign, .sign.added { color: var(--gain); }
.lost .sign, .removed .sign, .sign.removed { color: var(--loss); }
.perm { font-weight: 600; }
.why { font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
.tag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 11px; font-weight: 600; border: 1px solid var(--line); color: var(--muted); }
.tag.priv { color: var(--priv); background: var(--priv-soft); border-color: transparent; }
.tally { font-weight: 400; font-size: 12px; color: var(--muted); margin-left: 6px; }
.person { border: 1px solid var(--line); border-radius: 8px; padding: 10px 0 4px; margin: 0 0 12px; }
.person h3, .person .all { padding: 0 10px; }
.person .all { margin: -4px 0 4px; }
.panel { border: 1px solid var(--line); border-radius: 8px; }
.list .sign { width: 24px; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; --soft: #fff; --gain: #0a5c24; --loss: #a00; --priv: #6b3a00; --priv-soft: #fff; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .person, tr, .changes li { break-inside: avoid; }
  .tag { border-color: #999; }
}
`);

/** The diff as one HTML file, the filters applied as in the JSON and CSV exports. */
export function snapshotDiffHtml(diff: SnapshotDiff, filters: DiffFilters, generatedAt: Date): string {
  const access = filterAccess(diff.access, filters);
  const privileged = access.filter((c) => c.privileged);
  const platform = diff.after.model.name;
  const title = `Changes in ${platform}: snapshot #${diff.before.id} → #${diff.after.id}`;
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="generator" content="Permission Auditor" />
        <title>${title}</title>
        <style>
          ${PAGE_STYLE}
        </style>
      </head>
      <body>
        <main>
          <header>
            <p class="kicker">Access review · what changed between two snapshots</p>
            <h1>${title}</h1>
            <p class="summary">${diff.summary[0].toUpperCase()}${diff.summary.slice(1)}.</p>
            ${diff.modelNote && html`<p class="note">${diff.modelNote[0].toUpperCase()}${diff.modelNote.slice(1)}.</p>`} ${counts(diff)}
          </header>
          <section>
            <h2>Where this comes from</h2>
            ${provenanceTable(diff, filters, generatedAt)}
          </section>
          ${
            !filters.privileged &&
            html`<section>
              <h2>Privileged changes</h2>
              ${
                privileged.length === 0
                  ? html`<p class="empty">No privileged permission is gained or lost.</p>`
                  : html`<ul class="changes panel">
                      ${privileged.map((c) => changeLine(c, true))}
                    </ul>`
              }
            </section>`
          }
          <section>
            <h2>${filters.privileged ? 'Access changes, privileged permissions only, by person' : 'Access changes by person'}</h2>
            ${access.length === 0 ? html`<p class="empty">No one gains or loses anything.</p>` : byPerson(access, diff)}
          </section>
          ${peopleSection(diff)} ${assignmentsSection(diff)}
          <footer>
            + gained or added, − lost or removed, ~ changed. Each access change names the assignment behind it and its row in the imported
            file.
          </footer>
        </main>
      </body>
    </html> `;
  return page.markup;
}
