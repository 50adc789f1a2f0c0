// A report as one self-contained HTML file: inline CSS (light, dark and print), nothing fetched, and
// every text from the data escaped by the `html` tag. A table of more than BIG_TABLE rows is not
// written out row by row: its rows go into the page as JSON data (a `<script type="application/json">`
// block, which never runs, written so that no text in it can close the block), and one small script
// of ours, the same in every report and allowed by the page's CSP by its SHA-256 alone, shows them a
// page at a time with a filter. The print variant (for PDF and paper) writes every row, with no script.

import { PAGE_STYLE } from '../engine/diff-html';
import { Html, html } from '../text/html';
import { pageOf, type Cell, type PageSection, type Table } from './page';
import type { Report } from './types';

/** Tables with more rows than this are shown a page at a time (outside the print variant). */
export const BIG_TABLE = 2000;
/** Rows on one page of a big table. */
export const PAGE_ROWS = 100;

/**
 * The one script a report runs: for each big table, reads its rows from its JSON block and shows a
 * page of them, with Previous/Next and a filter. It writes text only (textContent), never markup.
 */
export const TABLE_SCRIPT = `"use strict";
for (const box of document.querySelectorAll("[data-rows]")) {
  const data = JSON.parse(document.getElementById(box.getAttribute("data-rows")).textContent);
  const cols = data.columns;
  const lower = data.strings.map((s) => s.toLowerCase());
  const cell = (row, c) => (cols[c].numeric ? String(row[c]) : data.strings[row[c]]);
  const body = box.querySelector("tbody");
  const status = box.querySelector(".status");
  const filter = box.querySelector("input");
  const [previous, next] = box.querySelectorAll("button");
  const size = ${PAGE_ROWS};
  let rows = data.rows;
  let page = 0;
  const count = (value) => value.toLocaleString("en-US");
  const show = () => {
    const pages = Math.max(1, Math.ceil(rows.length / size));
    page = Math.max(0, Math.min(page, pages - 1));
    const shown = rows.slice(page * size, page * size + size);
    body.replaceChildren(...shown.map((row) => {
      const tr = document.createElement("tr");
      row.forEach((_, c) => {
        const td = document.createElement("td");
        td.textContent = cell(row, c);
        tr.append(td);
      });
      return tr;
    }));
    const of = rows.length === data.rows.length ? count(rows.length) : count(rows.length) + " matching (of " + count(data.rows.length) + ")";
    status.textContent = rows.length === 0 ? "No row matches." : "Rows " + count(page * size + 1) + "–" + count(page * size + shown.length) + " of " + of;
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  filter.addEventListener("input", () => {
    const wanted = filter.value.trim().toLowerCase();
    rows = wanted === "" ? data.rows : data.rows.filter((row) => row.some((v, c) => (cols[c].numeric ? String(v) : lower[v]).includes(wanted)));
    page = 0;
    show();
  });
  previous.addEventListener("click", () => { page--; show(); });
  next.addEventListener("click", () => { page++; show(); });
  box.querySelector(".pager").hidden = false;
  box.querySelector(".noscript").remove();
  show();
}
`;

/** SHA-256 of TABLE_SCRIPT, base64, as the CSP names it (tests/reports/html.test.ts checks it). */
export const TABLE_SCRIPT_SHA256 = 'sha256-GQQfjLukIRfJzvF8lkMQg1U2zUvTn9k2b0Jg3y++zsA=';

/** JSON that can stand inside a `<script>` block: nothing in it can close the block or end a line for JavaScript. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const cellText = (cell: Cell) => (Array.isArray(cell) ? cell.map((l) => l.text).join('\n') : String(cell));

function cellHtml(cell: Cell, numeric: boolean): Html {
  if (Array.isArray(cell)) return html`<td>${cell.map((l, i) => html`${i > 0 && html`<br />`}<a href="#${l.anchor}">${l.text}</a>`)}</td>`;
  return html`<td class="${numeric ? 'num' : ''}">${typeof cell === 'number' ? cell.toLocaleString('en-US') : cell}</td>`;
}

function head(table: Table): Html {
  return html`<thead>
    <tr>
      ${table.columns.map((c) => html`<th scope="col" class="${c.numeric ? 'num' : ''}">${c.title}</th>`)}
    </tr>
  </thead>`;
}

/** Where a section's rows go in its markup: no text from the data can hold it, since `<` is escaped. */
const ROWS = new Html('<!--rows-->');
/** Rows written per chunk. */
const CHUNK_ROWS = 1000;

/** `items` in groups of `size`. */
function* batches<T>(items: Iterable<T>, size = CHUNK_ROWS): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function* staticRows(table: Table): Generator<string> {
  for (const batch of batches(table.rows))
    yield batch
      .map(
        (row) =>
          html`<tr>
            ${row.map((cell, c) => cellHtml(cell, table.columns[c].numeric === true))}
          </tr>`.markup,
      )
      .join('');
}

/**
 * A big table's rows as data, `{"columns":…,"rows":…,"strings":…}` written a chunk at a time: each
 * text cell an index into `strings` (texts repeat: people, roles, tenants), which come last, once
 * every row has named its texts.
 */
function* tableData(table: Table): Generator<string> {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const indexOf = (text: string) => {
    let i = index.get(text);
    if (i === undefined) index.set(text, (i = strings.push(text) - 1));
    return i;
  };
  const columns = table.columns.map((c) => ({ title: c.title, numeric: c.numeric === true }));
  yield `{"columns":${scriptJson(columns)},"rows":[`;
  let first = true;
  for (const batch of batches(table.rows)) {
    const rows = batch.map((row) => row.map((cell, c) => (columns[c].numeric ? Number(cell) : indexOf(cellText(cell)))));
    yield `${first ? '' : ','}${scriptJson(rows).slice(1, -1)}`;
    first = false;
  }
  yield '],"strings":[';
  for (let i = 0; i < strings.length; i += CHUNK_ROWS)
    yield `${i === 0 ? '' : ','}${scriptJson(strings.slice(i, i + CHUNK_ROWS)).slice(1, -1)}`;
  yield ']}';
}

function pagedTable(id: string, table: Table): Html {
  const dataId = `rows-${id}`;
  return html`<div class="big" data-rows="${dataId}">
    <p class="noscript empty">
      ${table.count.toLocaleString('en-US')} rows: this page shows them with its own script, which is off here. The print version (PDF)
      lists every row.
    </p>
    <div class="pager" hidden>
      <label>Filter <input type="search" /></label>
      <button type="button">Previous</button>
      <button type="button">Next</button>
      <span class="status" role="status"></span>
    </div>
    <table class="rows">
      ${head(table)}
      <tbody></tbody>
    </table>
    <script type="application/json" id="${dataId}">
      ${ROWS}
    </script>
  </div>`;
}

/** A section, a chunk at a time: its markup with its table's rows (markup, or data for a big table) where they go. */
function* section(s: PageSection, paged: boolean): Generator<string> {
  const table = s.table;
  const body =
    table === undefined
      ? null
      : table.count === 0
        ? html`<p class="empty">${s.empty ?? 'None.'}</p>`
        : paged
          ? pagedTable(s.id, table)
          : html`<table class="rows">
              ${head(table)}
              <tbody>
                ${ROWS}
              </tbody>
            </table>`;
  const markup = html`<section id="${s.id}">
    <h2>${s.title}</h2>
    ${s.facts && facts(s.facts)} ${body}
  </section>`.markup;
  const at = markup.indexOf(ROWS.markup);
  if (at < 0 || table === undefined) {
    yield markup;
    return;
  }
  yield markup.slice(0, at);
  yield* paged ? tableData(table) : staticRows(table);
  yield markup.slice(at + ROWS.markup.length);
}

const facts = (list: [string, string][]) =>
  html`<table class="facts">
    <tbody>
      ${list.map(
        ([label, value]) =>
          html`<tr>
            <th scope="row">${label}</th>
            <td>${value}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;

const STYLE = new Html(`
.facts { table-layout: fixed; margin: 0 0 12px; }
.facts th { width: 190px; color: var(--muted); font-weight: 600; font-size: 12px; }
.facts td, .rows td { white-space: pre-line; }
.rows { font-size: 13px; }
.rows td.num, .rows th.num { text-align: right; font-variant-numeric: tabular-nums; }
.notes p { margin: 8px 0; }
nav.toc { font-size: 13px; margin: 12px 0 0; }
nav.toc a { margin-right: 12px; }
a { color: inherit; }
.pager { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0 0 8px; }
.pager[hidden] { display: none; }
.pager input { font: inherit; padding: 2px 6px; }
.pager button { font: inherit; padding: 2px 10px; }
.status { color: var(--muted); font-size: 13px; }
.rows th { white-space: nowrap; }
.rows td { overflow-wrap: break-word; }
@media print {
  nav.toc, .pager { display: none; }
  .rows { font-size: 10px; }
  .rows th, .rows td, .facts th, .facts td { padding: 3px 6px; }
  /* A wide table wraps (headings between words, cells anywhere), so that it fits the page rather than running off its edge. */
  .rows th { white-space: normal; overflow-wrap: normal; font-size: 10px; }
  .rows td { overflow-wrap: anywhere; }
  thead { display: table-header-group; }
}
`);

export interface HtmlOptions {
  /** Every row written out, no script: the variant for print and PDF. */
  print?: boolean;
}

/** The report as one HTML page, a chunk at a time (shared/reports/render.ts joins them or writes them to a file). */
export function* reportHtml(report: Report, options: HtmlOptions = {}): Generator<string> {
  const page = pageOf(report);
  const print = options.print === true;
  const paged = page.sections.map((s) => !print && s.table !== undefined && s.table.count > BIG_TABLE);
  const scripted = paged.some(Boolean);
  const csp = `default-src 'none'; style-src 'unsafe-inline'${scripted ? `; script-src '${TABLE_SCRIPT_SHA256}'` : ''}`;
  const [top, bottom] = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${new Html(csp)}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="generator" content="Permission Auditor" />
        <title>${page.title}</title>
        <style>
          ${PAGE_STYLE}${STYLE}
        </style>
      </head>
      <body>
        <main>
          <header>
            <p class="kicker">${page.kicker}</p>
            <h1>${page.title}</h1>
            ${page.notes.length > 0 && html`<div class="notes">${page.notes.map((note) => html`<p class="note">${note}</p>`)}</div>`}
            ${facts(page.facts)}
            <nav class="toc">${page.sections.map((s) => html`<a href="#${s.id}">${s.title}</a>`)}</nav>
          </header>
          ${ROWS}
          <footer>Made by Permission Auditor from the imported files named above. Times are in UTC.</footer>
        </main>
        ${scripted && new Html(`<script>${TABLE_SCRIPT}</script>`)}
      </body>
    </html>`.markup.split(ROWS.markup);
  yield top;
  for (const [i, s] of page.sections.entries()) yield* section(s, paged[i]);
  yield bottom;
}
