// Findings in the forms people take away: JSON with its provenance (the snapshot, its files, the rules
// file as read) and seed lines cited by page title, and a CSV of one finding a row. Shared by the CLI
// and (later) the app; the CSV comes from the one CSV writer, so no cell can run as a formula.

import type { Answered, FindingsAnswer } from '../api';
import { csvText } from '../csv/write';
import { distinctRefs } from '../engine/answer-export';
import { citedRefs, citeSeeds, type CitedSeedRef } from '../models/seeds';
import type { SeedRef } from '../model/types';
import { LazyList } from '../json-chunks';
import { buildProvenance } from '../provenance';
import { evidenceOf, type EvidenceTable, type FindingEvidence } from './evidence';
import type { Finding } from './findings';

/**
 * Cites seed lines by page title, each list once: the same vendor lines stand behind many findings'
 * grants (evidence permission lists are shared), so their citations are shared too.
 */
export function seedCiter(): (refs: readonly SeedRef[]) => CitedSeedRef[] {
  const cited = new Map<readonly SeedRef[], CitedSeedRef[]>();
  return (refs) => {
    let list = cited.get(refs);
    if (list === undefined) cited.set(refs, (list = citedRefs(refs)));
    return list;
  };
}

/** A finding as JSON carries it: its evidence whole (read from the run's table) and its seed lines cited. */
export function findingJson(f: Finding, table: EvidenceTable, cite: (refs: readonly SeedRef[]) => CitedSeedRef[]) {
  return {
    ...f,
    evidence: evidenceOf(table, f).map((e) => ({
      ...e,
      permissions: e.permissions.map((p) => ({ ...p, grantSource: cite(p.grantSource) })),
    })),
    modelSource: cite(f.modelSource),
  };
}

export function findingsJson({ snapshot, answer }: Answered<FindingsAnswer>, filters: { severity?: string }, generatedAt: Date) {
  const { findings, evidence, ...rest } = answer;
  const cite = seedCiter();
  return {
    ...rest,
    // Each finding's evidence is read from the run's table as it is written, never all at once.
    findings: new LazyList(findings.length, (i) => findingJson(findings[i], evidence, cite)),
    provenance: buildProvenance(
      snapshot,
      { kind: 'findings', filters: { severity: filters.severity, rules: answer.settings.fileName ?? undefined } },
      generatedAt,
    ),
  };
}

/** The exception a finding carries, as one cell: `accepted by X until DAY: reason`, or `expired on DAY (accepted by X: reason)`. */
export function exceptionText(f: Finding): string {
  const e = f.exception;
  if (!e) return '';
  return e.expired
    ? `expired on ${e.expires}, so the finding is open again (accepted by ${e.acceptedBy}: ${e.reason})`
    : `accepted by ${e.acceptedBy} until ${e.expires}: ${e.reason}`;
}

/** An assignment behind a finding as people read it: `Admin · account at Northwind MSP (huntress-msp.csv:2)`. */
export const evidenceText = (e: FindingEvidence) => `${e.email}: ${e.role} at ${e.assignedAt} (${e.sourceFile}:${e.sourceLine})`;

/** One finding a row (a findings answer's, or a report's). */
export function findingsCsv(answer: { findings: readonly Finding[]; evidence: EvidenceTable }): string {
  return csvText(
    [
      'severity',
      'status',
      'rule',
      'title',
      'users',
      'nodes',
      'rationale',
      'recommendation',
      'excepted',
      'exception',
      'evidence',
      'seed_source',
      'path',
    ],
    answer.findings.map((f) => findingRow(f, evidenceOf(answer.evidence, f))),
  );
}

function findingRow(f: Finding, evidence: FindingEvidence[]) {
  return [
    f.severity,
    f.status,
    f.rule,
    f.title,
    f.users.join('; '),
    f.nodes.join('; '),
    f.rationale,
    f.recommendation,
    f.excepted,
    exceptionText(f),
    evidence.map(evidenceText).join('; '),
    citeSeeds(distinctRefs([...f.modelSource, ...evidence.flatMap((e) => e.permissions.flatMap((p) => p.grantSource))])),
    (f.path ?? []).map((l) => l.trim()).join('\n'),
  ];
}
