// The vendor pages as the app cites them: each has its heading as title, and a quoted line reads
// as the vendor meant it (the HYAS matrix's lost symbols decoded as the seed README says).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_MODELS } from '../../shared/models';
import { SEED_FILE, SEEDS, citedRefs, citeSeed, citeSeeds, decodeSeedLine, quoteSeedLine, seedInfo } from '../../shared/models/seeds';
import { seedLines } from './support';

const HYAS = '002_6448edd43804835f.txt';
const seedsDir = path.resolve(__dirname, '../../resources/seeds');

describe('the seed pages', () => {
  it('lists every file in resources/seeds, each with its platform and the page heading as title', () => {
    const files = fs
      .readdirSync(seedsDir)
      .filter((f) => f.endsWith('.txt'))
      .sort();
    expect(SEEDS.map((s) => s.file).sort()).toEqual(files);
    for (const seed of SEEDS) {
      expect(seed.file).toMatch(SEED_FILE);
      expect(seed.title, seed.file).toBe(seedLines(seed.file)[0].trim());
    }
  });

  it('has the seed of every built-in model, under that model’s platform and name', () => {
    for (const model of BUILT_IN_MODELS) {
      expect(seedInfo(model.origin), model.id).toMatchObject({ platform: model.id, platformName: model.name });
    }
  });
});

describe('decoding a line of the HYAS matrix (seed README: β allowed, π not allowed)', () => {
  it('reads β as ✓ and π as ✗', () => {
    expect(decodeSeedLine(HYAS, 'Create, Edit MSSPs | β | π | π | π | π | π |')).toBe('Create, Edit MSSPs | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |');
  });

  it('reads "π - UI β - API" as not allowed in the UI, allowed through the API', () => {
    expect(decodeSeedLine(HYAS, 'π - UI β - API')).toBe('✗ UI ✓ API');
  });

  it('reads a β inside a word of the prose as the apostrophe it was', () => {
    expect(decodeSeedLine(HYAS, 'their specific organizationβs configurations')).toBe('their specific organization’s configurations');
  });

  it('leaves the other pages as they are', () => {
    expect(decodeSeedLine('000_96d95d6678d9722e.txt', '- Approve Assisted Remediation')).toBe('- Approve Assisted Remediation');
    expect(decodeSeedLine('custom.txt', 'a β b')).toBe('a β b');
  });

  it('leaves no lost symbol anywhere in the page', () => {
    const decoded = seedLines(HYAS)
      .map((l) => decodeSeedLine(HYAS, l))
      .join('\n');
    expect(decoded).not.toMatch(/[βπ]/);
  });
});

describe('quoting a cited line', () => {
  it('quotes a matrix row with its column headings', () => {
    expect(quoteSeedLine(HYAS, seedLines(HYAS), 16)).toBe(
      'View Blocking Mode — Partner Admin ✓ · MSSP Admin ✓ · MSSP Analyst ✗ UI ✓ API · (Org) Admin ✓ · Protect Analyst ✗ UI ✓ API · Protect Executive ✗ UI ✓ API',
    );
  });

  it('quotes a matrix row by the one column of the role a grant is of, so the cell that proves it is in view', () => {
    expect(quoteSeedLine(HYAS, seedLines(HYAS), 16, ['MSSP Analyst'])).toBe('View Blocking Mode — MSSP Analyst: ✗ UI ✓ API');
    expect(quoteSeedLine(HYAS, seedLines(HYAS), 16, ['Admin'])).toBe('View Blocking Mode — (Org) Admin: ✓');
    expect(quoteSeedLine(HYAS, seedLines(HYAS), 16, ['Superuser'])).toMatch(/^View Blocking Mode — Partner Admin ✓ · /);
  });

  it('quotes a prose line trimmed, and the header row as it is', () => {
    const huntress = '000_96d95d6678d9722e.txt';
    expect(quoteSeedLine(huntress, seedLines(huntress), 63)).toBe('- Approve Assisted Remediation');
    expect(quoteSeedLine(HYAS, seedLines(HYAS), 9)).toBe(
      'Permission | Partner Admin | MSSP Admin | MSSP Analyst | (Org) Admin | Protect Analyst | Protect Executive |',
    );
    expect(quoteSeedLine(huntress, seedLines(huntress), 999)).toBe('');
  });
});

describe('citations', () => {
  it('name the platform, the page title and the line', () => {
    expect(citeSeed({ file: '000_96d95d6678d9722e.txt', line: 63 })).toBe('Huntress — “Setting Huntress User Permissions”, line 63');
    expect(citeSeeds([63, 5, 68].map((line) => ({ file: '000_96d95d6678d9722e.txt', line })))).toBe(
      'Huntress — “Setting Huntress User Permissions”, lines 63, 5, 68',
    );
    expect(citeSeed({ file: 'my-model.txt', line: 2 })).toBe('my-model.txt, line 2');
  });

  it('as data, keep the file and line and add title and platform', () => {
    expect(citedRefs([{ file: HYAS, line: 16 }])).toEqual([
      { file: HYAS, line: 16, title: 'User Roles and Permissions Matrix', platform: 'HYAS Protect' },
    ]);
  });
});
