// The answers in the forms people take away: a CSV of plain data for a spreadsheet and a JSON file
// carrying its provenance, for who-can, a person's access and the matrix. Shared by the CLI and the
// app, so both give the same files; the names come from one helper, the CSV from one writer.

import type { Answered } from '../api';
import { csvText } from '../csv/write';
import { citedRefs, citeSeeds, type CitedSeedRef } from '../models/seeds';
import type { Channel, SeedRef } from '../model/types';
import { buildProvenance, exportFileName, type Provenance } from '../provenance';
import type { AccessMatrix, CanAnswer, GrantChain, UserAccess, WhoCanAnswer, WhoCanEntry } from './evaluate';
import { matrixCsv, matrixJson, personCells, type MatrixJson } from './matrix-export';

const channelsText = (channels: readonly string[]) => channels.map((c) => c.toUpperCase()).join('+');

/** A chain with its seed lines cited by page title as well as file. */
export type CitedChain<T extends GrantChain> = Omit<T, 'grantSource'> & { grantSource: CitedSeedRef[] };

export function citeChain<T extends GrantChain>(chain: T): CitedChain<T> {
  return { ...chain, grantSource: citedRefs(chain.grantSource) };
}

function distinctRefs(refs: SeedRef[]): SeedRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.file}:${r.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function whoCanCsv(answer: WhoCanAnswer): string {
  return csvText(
    ['email', 'name', 'status', 'mfa', 'role', 'assigned_at', 'applies_at', 'includes_below', 'channels', 'import_row', 'grant_source'],
    answer.entries.map((e) => [
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
    ]),
  );
}

export function accessCsv(access: UserAccess): string {
  return csvText(
    ['email', 'tenant', 'permission', 'category', 'channels', 'via', 'import_rows', 'grant_source'],
    access.nodes.flatMap((node) =>
      node.permissions.map((p) => [
        access.user.email,
        node.node.path,
        p.permission.label,
        p.permission.category,
        channelsText(p.channels),
        p.via.map((v) => `${v.roleLabel} @ ${v.assignedAt}`).join('; '),
        p.via.map((v) => `${v.sourceFile}:${v.sourceLine}`).join('; '),
        citeSeeds(distinctRefs(p.via.flatMap((v) => v.grantSource))),
      ]),
    ),
  );
}

export interface WhoCanJson {
  provenance: Provenance;
  permission: { id: string; label: string; category: string };
  scope: string | null;
  channel: string | null;
  entries: CitedChain<WhoCanEntry>[];
}

export function whoCanJson({ snapshot, answer }: Answered<WhoCanAnswer>, generatedAt: Date): WhoCanJson {
  return {
    provenance: buildProvenance(snapshot, { kind: 'who-can', permission: answer.permission.id, scope: answer.scope, channel: answer.channel }, generatedAt),
    permission: { id: answer.permission.id, label: answer.permission.label, category: answer.permission.category },
    scope: answer.scope,
    channel: answer.channel,
    entries: answer.entries.map(citeChain),
  };
}

/**
 * A person's access as JSON, for the CLI's `access --json` and the app's export alike: the answer as
 * the engine gives it (reach counts included), each grant's seed lines cited by page title, and the
 * provenance.
 */
export function accessJson({ snapshot, answer }: Answered<UserAccess>, generatedAt: Date) {
  return {
    ...answer,
    nodes: answer.nodes.map((n) => ({ ...n, permissions: n.permissions.map((p) => ({ ...p, via: p.via.map(citeChain) })) })),
    provenance: buildProvenance(snapshot, { kind: 'access', email: answer.user.email }, generatedAt),
  };
}

/** `can` as JSON: the answer, its reasons' seed lines cited by page title, and its provenance. */
export function canJson({ snapshot, answer }: Answered<CanAnswer>, generatedAt: Date) {
  return {
    ...answer,
    reasons: answer.reasons.map((r) => (r.chain ? { ...r, chain: citeChain(r.chain) } : r)),
    provenance: buildProvenance(
      snapshot,
      { kind: 'can', email: answer.user.email, permission: answer.permission.id, scope: answer.scope, channel: answer.channel },
      generatedAt,
    ),
  };
}

/** The matrix's filters as exported: categories, role and search text as the view applied them. */
export interface MatrixFilters {
  categories?: string[];
  role?: string | null;
  search?: string;
}

export type MatrixExportJson = MatrixJson & { provenance: Provenance };

export function matrixExportJson(
  { snapshot, answer }: Answered<AccessMatrix>,
  question: { channel: Channel | null; filters?: MatrixFilters },
  generatedAt: Date,
): MatrixExportJson {
  const filters = question.filters ?? {};
  const provenance = buildProvenance(
    snapshot,
    { kind: 'matrix', scope: answer.scope, channel: question.channel, filters: { categories: filters.categories, role: filters.role, search: filters.search?.trim() } },
    generatedAt,
  );
  return { provenance, ...matrixJson(answer) };
}

export interface ExportFile {
  name: string;
  text: string;
}

export interface ExportPair {
  csv: ExportFile;
  json: ExportFile;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function whoCanExport(answered: Answered<WhoCanAnswer>, generatedAt: Date): ExportPair {
  const { snapshot, answer } = answered;
  const name = (ext: 'csv' | 'json') => exportFileName(snapshot, { scope: answer.scope, subject: `who-can-${answer.permission.label}` }, generatedAt, ext);
  return { csv: { name: name('csv'), text: whoCanCsv(answer) }, json: { name: name('json'), text: json(whoCanJson(answered, generatedAt)) } };
}

export function accessExport(answered: Answered<UserAccess>, generatedAt: Date): ExportPair {
  const { snapshot, answer } = answered;
  const name = (ext: 'csv' | 'json') => exportFileName(snapshot, { subject: `access-${answer.user.email}` }, generatedAt, ext);
  return { csv: { name: name('csv'), text: accessCsv(answer) }, json: { name: name('json'), text: json(accessJson(answered, generatedAt)) } };
}

/** `answered.answer` is the matrix as shown (after the view's filters), `filters` those filters. */
export function matrixExport(answered: Answered<AccessMatrix>, question: { channel: Channel | null; filters?: MatrixFilters }, generatedAt: Date): ExportPair {
  const { snapshot, answer } = answered;
  const name = (ext: 'csv' | 'json') => exportFileName(snapshot, { scope: answer.scope, subject: 'access-matrix' }, generatedAt, ext);
  return {
    csv: { name: name('csv'), text: matrixCsv(answer) },
    json: { name: name('json'), text: json(matrixExportJson(answered, question, generatedAt)) },
  };
}
