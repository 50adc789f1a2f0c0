// Where an exported answer comes from, carried by every JSON export (the app's and the CLI's): the
// snapshot and its source files with their SHA-256, the question asked, when the file was made (UTC)
// and by which application. Built here once, from the snapshot, the question and the time.

import { APP_NAME, APP_VERSION } from './app-info';
import type { Channel } from './model/types';
import { SEEDS } from './models/seeds';
import type { SnapshotInfo, SnapshotModel, SourceFile } from './snapshot';

export type QuestionKind =
  'who-can' | 'can' | 'access' | 'matrix' | 'import' | 'diff' | 'model-diff' | 'what-if' | 'findings' | 'access-review';

/** What was asked; a field not part of the question is null (a filter not set is left out). */
export interface Question {
  kind: QuestionKind;
  /** The permission's id, as answered (not as typed). */
  permission: string | null;
  /** The tenant path; null is every tenant. */
  scope: string | null;
  /** null is every channel. */
  channel: Channel | null;
  /** The person asked about (`can`, `access`). */
  email: string | null;
  /** Filters applied to the answer before export, e.g. the matrix's `categories`, `role`, `search`. */
  filters: Record<string, string | string[]>;
}

export interface Provenance {
  generator: { name: string; version: string };
  /** ISO 8601 in UTC (`…Z`). */
  generatedAt: string;
  snapshot: {
    id: number;
    name: string;
    importedAt: string;
    platform: string;
    platformName: string;
    modelVersion: string;
    /** Built into the app, or a user's model file with its SHA-256. */
    model: SnapshotModel;
    asOf: string | null;
  };
  sourceFiles: SourceFile[];
  question: Question;
}

export interface QuestionInput {
  kind: QuestionKind;
  permission?: string | null;
  scope?: string | null;
  channel?: Channel | null;
  email?: string | null;
  filters?: Record<string, string | string[] | null | undefined>;
}

/** The provenance of an answer about `snapshot` to `question`, generated at `generatedAt`. */
export function buildProvenance(snapshot: SnapshotInfo, question: QuestionInput, generatedAt: Date): Provenance {
  const filters: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(question.filters ?? {})) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    filters[key] = value;
  }
  return {
    generator: { name: APP_NAME, version: APP_VERSION },
    generatedAt: generatedAt.toISOString(),
    ...snapshotProvenance(snapshot),
    question: {
      kind: question.kind,
      permission: question.permission ?? null,
      scope: question.scope ?? null,
      channel: question.channel ?? null,
      email: question.email ?? null,
      filters,
    },
  };
}

/** The snapshot an answer comes from, and its source files with their SHA-256. */
export function snapshotProvenance(snapshot: SnapshotInfo): Pick<Provenance, 'snapshot' | 'sourceFiles'> {
  return {
    snapshot: {
      id: snapshot.id,
      name: snapshot.name,
      importedAt: snapshot.importedAt,
      platform: snapshot.platform,
      platformName: SEEDS.find((s) => s.platform === snapshot.platform)?.platformName ?? snapshot.platform,
      modelVersion: snapshot.modelVersion,
      model: snapshot.model,
      asOf: snapshot.asOf,
    },
    sourceFiles: snapshot.files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size, rows: f.rows, encoding: f.encoding })),
  };
}

/** Where a diff comes from: both snapshots with their files (none for a model diff without a snapshot), and what was asked. */
export interface DiffProvenance {
  generator: Provenance['generator'];
  generatedAt: string;
  snapshots: Pick<Provenance, 'snapshot' | 'sourceFiles'>[];
  question: { kind: 'diff' | 'model-diff'; filters: Record<string, string | boolean> };
}

export function diffProvenance(snapshots: SnapshotInfo[], question: DiffProvenance['question'], generatedAt: Date): DiffProvenance {
  return {
    generator: { name: APP_NAME, version: APP_VERSION },
    generatedAt: generatedAt.toISOString(),
    snapshots: snapshots.map(snapshotProvenance),
    question,
  };
}

/** A file name from any text: ASCII letters and digits joined by `-`, lower case. */
export function fileSlug(text: string, max = 60): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, max)
      .replace(/-+$/, '') || 'export'
  );
}

/**
 * The default name of an exported file: platform, snapshot, scope, what it is, and the UTC day, e.g.
 * `huntress-snapshot-3-northwind-msp-bayside-dental-who-can-approve-assisted-remediation-2026-12-01.csv`.
 */
export function exportFileName(
  snapshot: Pick<SnapshotInfo, 'id' | 'platform'>,
  what: { scope?: string | null; subject: string },
  generatedAt: Date,
  extension: 'csv' | 'json' | 'html',
): string {
  const parts = [fileSlug(snapshot.platform), `snapshot-${snapshot.id}`];
  if (what.scope) parts.push(fileSlug(what.scope));
  parts.push(fileSlug(what.subject, 80), generatedAt.toISOString().slice(0, 10));
  return `${parts.join('-')}.${extension}`;
}
