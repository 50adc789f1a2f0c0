// The vendor pages the built-in models are encoded from (resources/seeds/), as data: each file's
// platform and title (the page's own heading, its first line), and how to read its lines. Citations
// everywhere (the why-chain, exports, the CLI) are made here, so they read the same in every place.

import type { SeedRef } from '../model/types';

export interface SeedInfo {
  /** The file in resources/seeds/. */
  file: string;
  /** The platform id of the model encoded from it. */
  platform: string;
  /** The platform as people call it. */
  platformName: string;
  /** The vendor page's heading. */
  title: string;
  /**
   * The page lost its symbols in copying: in its matrix `β` is allowed, `π` not allowed
   * (resources/seeds/README.md), and in its prose `β` stands for an apostrophe.
   */
  lostSymbols?: boolean;
}

export const SEEDS: readonly SeedInfo[] = [
  { file: '000_96d95d6678d9722e.txt', platform: 'huntress', platformName: 'Huntress', title: 'Setting Huntress User Permissions' },
  {
    file: '002_6448edd43804835f.txt',
    platform: 'hyas-protect',
    platformName: 'HYAS Protect',
    title: 'User Roles and Permissions Matrix',
    lostSymbols: true,
  },
  { file: '004_8629ad2ea81c0d1c.txt', platform: 'hexiosec-asm', platformName: 'Hexiosec ASM', title: 'Organisation and Group Roles' },
];

/** A seed file name: no folders, nothing but the characters the bundled ones use. */
export const SEED_FILE = /^[A-Za-z0-9_-]+\.txt$/;

export function seedInfo(file: string): SeedInfo | undefined {
  return SEEDS.find((s) => s.file === file);
}

/**
 * A seed line as the vendor meant it. For a page that lost its symbols: `β` → ✓ and `π` → ✗, so
 * `π - UI β - API` reads `✗ UI ✓ API` (not in the user interface, allowed through the API); a `β`
 * inside a word was an apostrophe (`organizationβs` → `organization’s`). Other pages are unchanged.
 */
export function decodeSeedLine(file: string, text: string): string {
  if (!seedInfo(file)?.lostSymbols) return text;
  return text
    .replace(/(?<=\p{L})β(?=\p{L})/gu, '’')
    .replace(/([βπ]) - (UI|API)\b/g, '$1 $2')
    .replace(/β/g, '✓')
    .replace(/π/g, '✗');
}

const cells = (row: string) =>
  row
    .replace(/\|\s*$/, '')
    .split('|')
    .map((c) => c.trim());

const bare = (name: string) => name.toLowerCase().replace(/[()]/g, '').replace(/\s+/g, ' ').trim();

/** Whether a column heading names the role: "(Org) Admin" is "Admin" and "Org Admin". */
function namesMatch(heading: string, names: readonly string[]): boolean {
  const forms = [bare(heading), bare(heading.replace(/\([^)]*\)/g, ''))];
  return names.some((name) => forms.includes(bare(name)));
}

/**
 * The quoted line, decoded and trimmed. A row of a table (`A | B | …`) reads with its column
 * headings: `View Blocking Mode — Partner Admin ✓ · MSSP Analyst ✗ UI ✓ API · …`; for a `role` (the names it
 * goes by) whose column the table has, only that column: `View Blocking Mode — MSSP Analyst: ✗ UI ✓ API`.
 */
export function quoteSeedLine(file: string, lines: readonly string[], line: number, role?: readonly string[]): string {
  const raw = lines[line - 1];
  if (raw === undefined) return '';
  const text = decodeSeedLine(file, raw).trim();
  if (!text.includes('|')) return text;
  // The heading is the line above the table's `---|---|` rule.
  let rule = line - 2;
  while (rule >= 1 && /\|/.test(lines[rule]) && !/^[\s|-]+$/.test(lines[rule])) rule--;
  if (rule < 1 || !/^[\s|-]+$/.test(lines[rule] ?? '') || rule === line - 1) return text;
  const heading = cells(lines[rule - 1]);
  const row = cells(text);
  if (heading.length !== row.length) return text;
  // For one role, its own column: the cell that says what that role may do.
  const column = role ? heading.findIndex((h, i) => i > 0 && namesMatch(h, role)) : -1;
  if (column > 0) return `${row[0]} — ${heading[column]}: ${row[column]}`;
  return `${row[0]} — ${row
    .slice(1)
    .map((cell, i) => `${heading[i + 1]} ${cell}`)
    .join(' · ')}`;
}

/** `Huntress — “Setting Huntress User Permissions”, line 63` (or `file, line 63` for another file). */
export function citeSeed(ref: SeedRef): string {
  return citeSeeds([ref]);
}

/** Lines of one page together: `Huntress — “Setting Huntress User Permissions”, lines 63, 5, 68`. */
export function citeSeeds(refs: readonly SeedRef[]): string {
  const byFile = new Map<string, number[]>();
  for (const ref of refs) byFile.set(ref.file, [...(byFile.get(ref.file) ?? []), ref.line]);
  return [...byFile.entries()]
    .map(([file, numbers]) => {
      const info = seedInfo(file);
      const where = info ? `${info.platformName} — “${info.title}”` : file;
      return `${where}, ${numbers.length === 1 ? 'line' : 'lines'} ${numbers.join(', ')}`;
    })
    .join('; ');
}

/** A seed reference as exports carry it: the file and line, with the page's title and platform. */
export interface CitedSeedRef extends SeedRef {
  title: string | null;
  platform: string | null;
}

export function citedRefs(refs: readonly SeedRef[]): CitedSeedRef[] {
  return refs.map((ref) => {
    const info = seedInfo(ref.file);
    return { file: ref.file, line: ref.line, title: info?.title ?? null, platform: info?.platformName ?? null };
  });
}
