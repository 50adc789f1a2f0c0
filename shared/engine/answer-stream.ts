// Big answers written out a window at a time: the CSV and JSON of a whole matrix or who-can answer
// as a sequence of chunks, so that a file of 100,000 people is written in the memory of a few hundred
// rows. The same bytes as the whole-answer exports (answer-export.ts builds those from these).

import { csvLine } from '../csv/write';
import { buildProvenance, exportFileName } from '../provenance';
import { citedRefs, citeSeeds, type CitedSeedRef } from '../models/seeds';
import type { Channel, Permission } from '../model/types';
import type { SnapshotInfo } from '../snapshot';
import { CELL_TEXT, personCells } from './matrix-export';
import type { MatrixRow } from './matrix';
import type { GrantChain } from './walk';
import type { WhoCanEntry } from './who-can';
import { hopLine } from './potential';

/** The matrix's filters as exported: categories, role and search text as the view applied them. */
export interface MatrixFilters {
  categories?: string[];
  role?: string | null;
  search?: string;
}

/** A chain with its seed lines cited by page title as well as file. */
export type CitedChain<T extends GrantChain> = Omit<T, 'grantSource'> & { grantSource: CitedSeedRef[] };

export function citeChain<T extends GrantChain>(chain: T): CitedChain<T> {
  return { ...chain, grantSource: citedRefs(chain.grantSource) };
}

/** Rows of an answer, read a window at a time: a table's (matrixRows, whoCanEntries) or a whole answer's. */
export interface RowSource<Row> {
  total: number;
  read(from: number, to: number): Row[];
}

export type ExportFormat = 'csv' | 'json';

/** An export being written: its file name, how many rows, and its text in chunks of `rowsPerChunk` rows (each chunk says how many rows it carries). */
export interface AnswerStream {
  name: string;
  total: number;
  chunks(rowsPerChunk?: number): Generator<{ text: string; rows: number }>;
}

// Small enough that a chunk's text stays out of the large-object space, which only a full collection frees.
const ROWS_PER_CHUNK = 64;

/**
 * The chunks of a file: `head`, then every row's text, then `tail`. JSON is written as
 * `JSON.stringify(value, null, 2)` writes it: the rows, the value's last key, are spliced into it.
 */
function* chunked<Row>(
  source: RowSource<Row>,
  size: number,
  head: string,
  row: (row: Row, index: number) => string,
  between: string,
  tail: string,
) {
  yield { text: head, rows: 0 };
  for (let from = 0; from < source.total; from += size) {
    const rows = source.read(from, from + size);
    yield { text: rows.map((r, i) => (from + i > 0 ? between : '') + row(r, from + i)).join(''), rows: rows.length };
  }
  yield { text: tail, rows: 0 };
}

/** `value` (whose last key holds the rows) as JSON, split where its rows go. */
function jsonAround(value: object, rowsKey: string, hasRows: boolean): { head: string; tail: string } {
  const text = `${JSON.stringify({ ...value, [rowsKey]: [] }, null, 2)}\n`;
  const empty = `"${rowsKey}": []\n}\n`;
  if (!text.endsWith(empty)) throw new Error(`${rowsKey} must be the last key of an export`);
  const before = text.slice(0, -empty.length) + `"${rowsKey}": `;
  return hasRows ? { head: `${before}[\n`, tail: '\n  ]\n}\n' } : { head: before, tail: '[]\n}\n' };
}

const indented = (value: unknown) => JSON.stringify(value, null, 2).replace(/^/gm, '    ');

export interface MatrixQuestion {
  scope: string | null;
  permissions: Permission[];
  channel: Channel | null;
  filters?: MatrixFilters;
}

export function matrixStream(
  snapshot: SnapshotInfo,
  question: MatrixQuestion,
  source: RowSource<MatrixRow>,
  format: ExportFormat,
  generatedAt: Date,
): AnswerStream {
  const name = exportFileName(snapshot, { scope: question.scope, subject: 'access-matrix' }, generatedAt, format);
  const { permissions } = question;
  if (format === 'csv') {
    const head = csvLine(['email', 'name', 'status', 'mfa', 'roles', ...permissions.map((p) => p.label)]);
    const line = (row: MatrixRow) =>
      csvLine([row.email, row.name, ...personCells(row), row.roles.join('; '), ...row.cells.map((c) => CELL_TEXT[c])]);
    return { name, total: source.total, chunks: (size = ROWS_PER_CHUNK) => chunked(source, size, head, line, '', '') };
  }
  const filters = question.filters ?? {};
  const provenance = buildProvenance(
    snapshot,
    {
      kind: 'matrix',
      scope: question.scope,
      channel: question.channel,
      filters: { categories: filters.categories, role: filters.role, search: filters.search?.trim() },
    },
    generatedAt,
  );
  const { head, tail } = jsonAround(
    { provenance, scope: question.scope, permissions: permissions.map((p) => ({ id: p.id, label: p.label, category: p.category })) },
    'rows',
    source.total > 0,
  );
  const line = (row: MatrixRow) => {
    const cells: Record<string, string> = {};
    row.cells.forEach((cell, i) => {
      if (cell !== 'none') cells[permissions[i].id] = cell;
    });
    const { userId: _id, cells: _cells, ...person } = row;
    return indented({ ...person, cells });
  };
  return { name, total: source.total, chunks: (size = ROWS_PER_CHUNK) => chunked(source, size, head, line, ',\n', tail) };
}

export interface WhoCanQuestion {
  permission: Permission;
  scope: string | null;
  channel: Channel | null;
  search?: string;
  /** Potential holders follow: the CSV gains `potential` and `path` columns, the JSON entries `potential: true` and `path`. */
  potential?: boolean;
}

/** A potential entry's path as one cell: its hops, one after another. */
export const pathText = (e: WhoCanEntry) => (e.path ?? []).map((h) => hopLine(e.email, h)).join(' → ');

/** An entry as exports write it: seed lines cited by page title, in the chain and along a potential path. */
export function citeEntry(e: WhoCanEntry) {
  const cited = citeChain(e);
  return e.path ? { ...cited, path: e.path.map((h) => ({ ...h, source: citedRefs(h.source) })) } : cited;
}

/** A grant's channels as exports write them: `UI+API`. */
export const channelsText = (channels: readonly string[]) => channels.map((c) => c.toUpperCase()).join('+');

export function whoCanStream(
  snapshot: SnapshotInfo,
  question: WhoCanQuestion,
  source: RowSource<WhoCanEntry>,
  format: ExportFormat,
  generatedAt: Date,
): AnswerStream {
  const { permission } = question;
  const name = exportFileName(snapshot, { scope: question.scope, subject: `who-can-${permission.label}` }, generatedAt, format);
  if (format === 'csv') {
    const head = csvLine([
      'email',
      'name',
      'status',
      'mfa',
      'role',
      'assigned_at',
      'applies_at',
      'includes_below',
      'channels',
      'import_row',
      'grant_source',
      ...(question.potential ? ['potential', 'path'] : []),
    ]);
    const line = (e: WhoCanEntry) =>
      csvLine([
        e.email,
        e.name,
        ...personCells(e),
        e.roleLabel,
        e.assignedAt,
        e.scope,
        e.includesBelow ? 'yes' : 'no',
        channelsText(e.channels),
        `${e.sourceFile}:${e.sourceLine}`,
        citeSeeds(e.grantSource),
        ...(question.potential ? [e.potential ? 'yes' : 'no', pathText(e)] : []),
      ]);
    return { name, total: source.total, chunks: (size = ROWS_PER_CHUNK) => chunked(source, size, head, line, '', '') };
  }
  const provenance = buildProvenance(
    snapshot,
    {
      kind: 'who-can',
      permission: permission.id,
      scope: question.scope,
      channel: question.channel,
      filters: { search: question.search?.trim(), potential: question.potential ? 'yes' : undefined },
    },
    generatedAt,
  );
  const { head, tail } = jsonAround(
    {
      provenance,
      permission: { id: permission.id, label: permission.label, category: permission.category },
      scope: question.scope,
      channel: question.channel,
    },
    'entries',
    source.total > 0,
  );
  return {
    name,
    total: source.total,
    chunks: (size = ROWS_PER_CHUNK) => chunked(source, size, head, (e) => indented(citeEntry(e)), ',\n', tail),
  };
}

/** A stream's whole text (for an answer small enough to hold: the CLI's tables, tests). */
export function streamText(stream: AnswerStream): string {
  let text = '';
  for (const chunk of stream.chunks()) text += chunk.text;
  return text;
}

/** The rows of an answer held whole, as a source. */
export function rowsOf<Row>(rows: readonly Row[]): RowSource<Row> {
  return { total: rows.length, read: (from, to) => rows.slice(from, to) };
}
