// `npm run serve` / `npm start` build only when a source changed (scripts/build-stamp.mjs), decided on
// a temporary folder rather than by running the real build twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { buildDecision, clearStamp, writeStamp } from '../../scripts/build-stamp.mjs';

interface Decision {
  build: boolean;
  reason: string;
  fingerprint: string;
}
const decide = (root: string) => buildDecision(root) as Decision;

describe('the build skip (node scripts/build.mjs --if-changed)', () => {
  let root: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  /** What a successful build does: outputs in dist/, then the stamp. */
  const build = () => {
    const decision = decide(root);
    clearStamp(root);
    write('dist/serve.cjs', '');
    write('dist/cli.cjs', '');
    write('dist/renderer/index.html', '');
    writeStamp(root, decision.fingerprint);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-stamp-'));
    write('shared/model.ts', 'export const a = 1;\n');
    write('renderer/index.html', '<!doctype html>\n');
    write('electron/serve/main.ts', '// main\n');
    write('package.json', '{}\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('builds the first time, then not again while nothing changed', () => {
    expect(decide(root)).toMatchObject({ build: true, reason: expect.stringContaining('missing') });
    build();
    expect(decide(root)).toMatchObject({ build: false, reason: 'up to date' });
    expect(decide(root)).toMatchObject({ build: false });
  });

  it('rebuilds after a source is touched, edited, added or deleted', () => {
    build();
    const file = path.join(root, 'shared/model.ts');
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(file, later, later);
    expect(decide(root)).toMatchObject({ build: true, reason: 'sources changed since the last build' });
    build();
    expect(decide(root).build).toBe(false);

    write('renderer/views/new.tsx', 'export {};\n');
    expect(decide(root).build).toBe(true);
    build();
    fs.rmSync(path.join(root, 'renderer/views/new.tsx'));
    expect(decide(root).build).toBe(true);
    build();
    write('package.json', '{ "version": "2" }\n');
    expect(decide(root).build).toBe(true);
  });

  it('rebuilds when an output is gone or the stamp is missing (a build that failed part way)', () => {
    build();
    fs.rmSync(path.join(root, 'dist/renderer/index.html'));
    expect(decide(root)).toMatchObject({ build: true, reason: 'dist/renderer/index.html is missing' });
    build();
    clearStamp(root);
    expect(decide(root)).toMatchObject({ build: true, reason: 'no record of a previous build' });
  });

  it('dist/ itself is not an input: the build does not invalidate its own stamp', () => {
    build();
    write('dist/extra.cjs', '');
    expect(decide(root).build).toBe(false);
  });
});
