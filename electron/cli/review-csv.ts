// `permaudit review decide ID --from-csv FILE`: decisions from a CSV file (columns item, decision,
// comment, role, expires and self_reason; the last four optional), each row one decision. All are
// applied or none: every problem is reported as FILE:LINE, the file's own line.

import fs from 'node:fs';
import path from 'node:path';
import type { ItemDecisionRequest } from '../../shared/api';
import { AuditError, type Problem } from '../../shared/errors';
import { DECISIONS, type Decision } from '../../shared/reviews';
import { streamCsv } from '../services/csv-read';
import { onLines } from '../services/reviews';

const COLUMNS = ['item', 'decision', 'comment', 'role', 'expires', 'self_reason'] as const;
const REQUIRED = ['item', 'decision'];

export interface CsvDecisions {
  file: string;
  decisions: ItemDecisionRequest[];
  /** The file's line of each decision. */
  lines: number[];
}

export async function readDecisionsCsv(file: string): Promise<CsvDecisions> {
  const name = path.basename(file);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new AuditError('not-found', `${file}: no such file`);
  }
  const problems: Problem[] = [];
  const decisions: ItemDecisionRequest[] = [];
  const lines: number[] = [];
  let at: Partial<Record<(typeof COLUMNS)[number], number>> = {};
  await streamCsv(
    { path: file, name, size },
    {
      header: (headers, line) => {
        const names = headers.map((h) => h.trim().toLowerCase());
        at = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)]).filter(([, i]) => (i as number) >= 0));
        const missing = REQUIRED.filter((c) => at[c as keyof typeof at] === undefined);
        if (missing.length > 0)
          problems.push({
            file: name,
            line,
            message: `the header lacks ${missing.map((c) => `"${c}"`).join(' and ')} (columns: ${COLUMNS.join(', ')})`,
          });
        return missing.length === 0;
      },
      record: (record, line) => {
        const cell = (c: (typeof COLUMNS)[number]) => {
          const i = at[c];
          const value = i === undefined ? '' : (record[i] ?? '').trim();
          return value === '' ? undefined : value;
        };
        const item = cell('item') ?? '';
        const decision = (cell('decision') ?? '').toLowerCase();
        if (!/^\d+$/.test(item) || Number(item) < 1)
          problems.push({ file: name, line, message: `item must be an item number, got "${item}"` });
        else if (!DECISIONS.includes(decision as Decision))
          problems.push({ file: name, line, message: `decision must be one of ${DECISIONS.join(', ')}, got "${decision}"` });
        else {
          const entry: ItemDecisionRequest = { items: [Number(item)], decision: decision as Decision };
          for (const [column, field] of [
            ['comment', 'comment'],
            ['role', 'role'],
            ['expires', 'expires'],
            ['self_reason', 'selfReason'],
          ] as const) {
            const value = cell(column);
            if (value !== undefined) entry[field] = value;
          }
          decisions.push(entry);
          lines.push(line);
        }
        return true;
      },
      problem: (line, message) => problems.push({ file: name, line, message }),
    },
  );
  if (problems.length === 0 && decisions.length === 0) problems.push({ file: name, line: 1, message: 'the file holds no decisions' });
  if (problems.length > 0) throw new AuditError('input', `${name}: nothing was decided`, problems);
  return { file: name, decisions, lines };
}

/** The service's problems (`decision:N`) as the file's lines. */
export const onFileLines = (error: unknown, read: CsvDecisions): unknown => onLines(error, read.file, read.lines);
