// Every CLI command printed in a ```sh block of README.md, docs/*.md and resources/samples/README.md
// runs as printed. Each document gets its own temp working directory with resources/ linked in, so
// relative paths such as resources/samples/huntress-msp.csv work; the document's own `import`
// commands run first, in document order, then the rest. `permaudit`, `npx permaudit` and
// `node dist/cli.cjs` all run the built CLI (dist/cli.cjs through bin/permaudit.cjs). A command
// runs through `bash -o pipefail -c`, so `> file` and `| head` work and a failing CLI in a pipe fails. It must exit 0, or the code its comment
// names (`# exits 1`).
//
// Not run (listed per document in the skipped test's name): anything else in a sh block, i.e.
// `npm ci`, `npm start`, `npm run serve`, `npm test`, `npm run bench`, `npm run fuzz`, `npm run dist`
// (install, start servers or windows, or take minutes) and `node scripts/make-samples.mjs` (rewrites
// the bundled samples).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

export interface DocCommand {
  doc: string;
  line: number;
  command: string;
  exitCode: number;
}

/** Splits a shell line at its first `#` comment outside quotes (one preceded by a space or at the start). */
function splitComment(line: string): { code: string; comment: string } {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1])))
      return { code: line.slice(0, i).trimEnd(), comment: line.slice(i + 1).trim() };
  }
  return { code: line.trimEnd(), comment: '' };
}

interface Pending {
  code: string;
  comment: string;
  line: number;
}

const cliCommand = /^(npx permaudit|permaudit|node dist\/cli\.cjs)(\s|$)/;

/** Every command in the ```sh blocks of a markdown text: CLI ones to run, the others to skip. */
export function extractCommands(doc: string, text: string): { run: DocCommand[]; skipped: string[] } {
  const run: DocCommand[] = [];
  const skipped: string[] = [];
  const lines = text.split(/\r?\n/);
  let inSh = false;
  let pending = null as Pending | null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (/^\s*```/.test(raw)) {
      inSh = !inSh && /^\s*```(sh|bash|shell|console)\s*$/.test(raw);
      if (!inSh && /^\s*```\S/.test(raw) && !/^\s*```(sh|bash|shell|console)\s*$/.test(raw)) {
        // another language's block: skip to its end
        while (i + 1 < lines.length && !/^\s*```\s*$/.test(lines[i + 1])) i++;
        i++;
      }
      continue;
    }
    if (!inSh) continue;
    const split = splitComment(raw.replace(/^\s*\$ /, ''));
    const started: Pending | null = pending;
    if (!started && split.code.trim() === '') continue;
    const code: string = started ? `${started.code} ${split.code.trim()}` : split.code.trim();
    const allComments = [started?.comment ?? '', split.comment].filter(Boolean).join(' ');
    const line: number = started?.line ?? i + 1;
    if (code.endsWith('\\')) {
      pending = { code: code.slice(0, -1).trimEnd(), comment: allComments, line };
      continue;
    }
    pending = null;
    if (!cliCommand.test(code)) {
      skipped.push(code);
      continue;
    }
    const exits = /\bexits (\d+)\b/.exec(allComments);
    run.push({ doc, line, command: code, exitCode: exits ? Number(exits[1]) : 0 });
  }
  return { run, skipped };
}

const docs = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
  'resources/samples/README.md',
];

beforeAll(() => {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
});

describe('extractCommands', () => {
  it('joins continued lines, strips prompts and comments, reads "# exits N" and skips other commands', () => {
    const text = [
      '```sh',
      '$ npx permaudit who-can "A # not a comment" \\',
      '    --db audit.db   # exits 1',
      'npm ci && npm start',
      '```',
      '```json',
      'permaudit not-sh',
      '```',
    ].join('\n');
    const { run, skipped } = extractCommands('x.md', text);
    expect(run).toEqual([{ doc: 'x.md', line: 2, command: 'npx permaudit who-can "A # not a comment" --db audit.db', exitCode: 1 }]);
    expect(skipped).toEqual(['npm ci && npm start']);
  });
});

for (const doc of docs) {
  const { run, skipped } = extractCommands(doc, fs.readFileSync(path.join(root, doc), 'utf8'));
  if (run.length === 0 && skipped.length === 0) continue;
  describe(doc, () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-docs-'));
      fs.symlinkSync(path.join(root, 'resources'), path.join(dir, 'resources'));
      fs.mkdirSync(path.join(dir, '.bin'));
      const shim = path.join(dir, '.bin', 'permaudit');
      fs.writeFileSync(
        shim,
        `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(root, 'bin/permaudit.cjs'))} "$@"\n`,
      );
      fs.chmodSync(shim, 0o755);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const isImport = (c: DocCommand) => /^\S+( permaudit)? import\s/.test(c.command.replace(/^node dist\/cli\.cjs/, 'permaudit'));
    const ordered = [...run.filter(isImport), ...run.filter((c) => !isImport(c))];
    for (const c of ordered) {
      it(`line ${c.line}: ${c.command}${c.exitCode ? ` (exits ${c.exitCode})` : ''}`, () => {
        const shell = c.command.replace(/^(npx permaudit|node dist\/cli\.cjs)(?=\s|$)/, 'permaudit');
        const result = spawnSync('bash', ['-o', 'pipefail', '-c', shell], {
          cwd: dir,
          encoding: 'utf8',
          env: {
            ...process.env,
            PATH: `${path.join(dir, '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
            COLUMNS: '100',
            NO_COLOR: '1',
          },
          timeout: 30_000,
        });
        expect(result.status, `${doc}:${c.line}: ${c.command}\n${result.stderr}${result.stdout.slice(0, 2000)}`).toBe(c.exitCode);
      });
    }
    // The commands left out (installs, servers, windows, minutes-long runs), named where the run lists its tests.
    if (skipped.length > 0) it.skip(`not run: ${skipped.join(' | ')}`, () => {});
  });
}
