// The answers in the forms people take away: a CSV of plain data for a spreadsheet and a JSON file
// carrying its provenance, for who-can, a person's access and the matrix. Shared by the CLI and the
// app, so both give the same files; the names come from one helper, the CSV from one writer.

import type { Answered } from '../api';
import { csvText } from '../csv/write';
import { citeSeeds } from '../models/seeds';
import type { Channel, SeedRef } from '../model/types';
import { buildProvenance, exportFileName } from '../provenance';
import type { AccessMatrix, CanAnswer, UserAccess, WhoCanAnswer } from './evaluate';
import {
  channelsText,
  citeChain,
  matrixStream,
  rowsOf,
  streamText,
  whoCanStream,
  type ExportFormat,
  type MatrixFilters,
} from './answer-stream';

export { citeChain, citeEntry, type CitedChain, type MatrixFilters } from './answer-stream';

/** Each seed line once, in first-seen order. */
export function distinctRefs(refs: readonly SeedRef[]): SeedRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.file}:${r.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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

export interface ExportFile {
  name: string;
  text: string;
}

export interface ExportPair {
  csv: ExportFile;
  json: ExportFile;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function whoCanExport({ snapshot, answer }: Answered<WhoCanAnswer>, generatedAt: Date): ExportPair {
  const question = { permission: answer.permission, scope: answer.scope, channel: answer.channel };
  const file = (format: ExportFormat) => {
    const stream = whoCanStream(snapshot, question, rowsOf(answer.entries), format, generatedAt);
    return { name: stream.name, text: streamText(stream) };
  };
  return { csv: file('csv'), json: file('json') };
}

export function accessExport(answered: Answered<UserAccess>, generatedAt: Date): ExportPair {
  const { snapshot, answer } = answered;
  const name = (ext: 'csv' | 'json') => exportFileName(snapshot, { subject: `access-${answer.user.email}` }, generatedAt, ext);
  return {
    csv: { name: name('csv'), text: accessCsv(answer) },
    json: { name: name('json'), text: json(accessJson(answered, generatedAt)) },
  };
}

/** `answered.answer` is the matrix as shown (after the view's filters), `filters` those filters. */
export function matrixExport(
  { snapshot, answer }: Answered<AccessMatrix>,
  question: { channel: Channel | null; filters?: MatrixFilters },
  generatedAt: Date,
): ExportPair {
  const asked = { scope: answer.scope, permissions: answer.permissions, ...question };
  const file = (format: ExportFormat) => {
    const stream = matrixStream(snapshot, asked, rowsOf(answer.rows), format, generatedAt);
    return { name: stream.name, text: streamText(stream) };
  };
  return { csv: file('csv'), json: file('json') };
}
