// Findings as text for a terminal: grouped by severity, worst first; each finding its title and rule,
// its people, a one-line why, what to do and the import rows behind it. Findings a rule could not
// judge come after, then those an exception accepts; warnings about the rules file, then the summary,
// last. Emails and paths are never broken over two lines.

import type { Answered, FindingsAnswer } from '../../shared/api';
import { exceptionText } from '../../shared/findings/export';
import { evidenceOf, type EvidenceTable, type FindingEvidence } from '../../shared/findings/evidence';
import type { Finding } from '../../shared/findings/findings';
import { SEVERITIES } from '../../shared/findings/settings';
import { defaultLayout, wrap, type Layout } from './table';

/** People listed on a finding's line before "and N more". */
const MAX_PEOPLE = 6;
/** Import rows listed before "and N more". */
const MAX_ROWS = 8;

const more = (items: string[], max: number) =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;

/** The import rows behind a finding, file by file: `huntress-msp.csv lines 2, 3, 15 and 4 more`. */
function rowsText(evidence: FindingEvidence[]): string {
  const byFile = new Map<string, number[]>();
  for (const e of evidence) byFile.set(e.sourceFile, [...(byFile.get(e.sourceFile) ?? []), e.sourceLine]);
  return [...byFile]
    .map(([file, lines]) => {
      const sorted = [...new Set(lines)].sort((a, b) => a - b).map(String);
      return `${file} ${sorted.length === 1 ? 'line' : 'lines'} ${more(sorted, MAX_ROWS)}`;
    })
    .join('; ');
}

function findingLines(f: Finding, evidence: EvidenceTable, layout: Layout): string[] {
  const line = (text: string, whole: string[] = []) => wrap(text, layout.width, '        ', whole);
  const lines = [wrap(`  ${f.title}  [${f.rule}]`, layout.width, '    ', [...f.nodes, ...f.users])];
  if (f.users.length > 0) lines.push(line(`    who: ${more(f.users, MAX_PEOPLE)}`, f.users));
  lines.push(line(`    why: ${f.rationale}`, f.nodes));
  lines.push(line(`    do:  ${f.recommendation}`));
  if (f.evidence.length > 0) lines.push(line(`    rows: ${rowsText(evidenceOf(evidence, f))}`));
  if (f.path) lines.push('    path:', ...f.path.map((l) => wrap(`      ${l}`, layout.width, '          ', [...f.users, ...f.nodes])));
  if (f.exception) lines.push(line(`    exception: ${exceptionText(f)}`));
  return lines;
}

function section(heading: string, findings: Finding[], evidence: EvidenceTable, layout: Layout): string[] {
  if (findings.length === 0) return [];
  return ['', `${heading} (${findings.length})`, ...findings.flatMap((f) => ['', ...findingLines(f, evidence, layout)])];
}

export function findings({ snapshot, answer }: Answered<FindingsAnswer>, layout: Layout = defaultLayout()): string {
  const { settings } = answer;
  const rulesFile = settings.fileName
    ? `rules from ${settings.fileName} (SHA-256 ${settings.sha256?.slice(0, 12)}…)`
    : 'every rule with its defaults';
  const lines = [
    wrap(`Findings in snapshot #${snapshot.id} "${snapshot.name}" (${snapshot.platform}), ${rulesFile}`, layout.width),
    wrap(`Inactivity measured to ${answer.referenceDate}; exceptions judged on ${answer.today}.`, layout.width),
  ];
  const open = answer.findings.filter((f) => !f.excepted && f.status === 'finding');
  for (const severity of SEVERITIES)
    lines.push(
      ...section(
        severity.toUpperCase(),
        open.filter((f) => f.severity === severity),
        answer.evidence,
        layout,
      ),
    );
  lines.push(
    ...section(
      'NOT EVALUABLE',
      answer.findings.filter((f) => !f.excepted && f.status === 'not evaluable'),
      answer.evidence,
      layout,
    ),
  );
  lines.push(
    ...section(
      'EXCEPTED',
      answer.findings.filter((f) => f.excepted),
      answer.evidence,
      layout,
    ),
  );
  if (answer.findings.length === 0) lines.push('', 'No findings.');
  if (answer.warnings.length > 0) lines.push('', 'Warnings:', ...answer.warnings.map((w) => wrap(`  ${w}`, layout.width, '    ')));
  lines.push('', wrap(`Summary: ${answer.summary}.`, layout.width, '  '));
  return lines.join('\n');
}
