// Bundles the Node entry points (CLI, benchmark, import worker, browser-mode host, Electron main and preload) with
// esbuild. The native module and electron stay external; everything else is inlined so start-up
// reads one file.
//   node scripts/build.mjs               always builds (`npm run build`, tests, CI)
//   node scripts/build.mjs --if-changed  builds only when a source changed since the last successful
//                                        build (`npm run serve`, `npm start`); see scripts/build-stamp.mjs
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDecision, clearStamp, writeStamp } from './build-stamp.mjs';
import { NODE_BUNDLE } from './bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
// Taken before building, so a source edited while the build runs still counts as a change next time.
const decision = buildDecision(root);
if (process.argv.includes('--if-changed') && !decision.build) {
  console.log('build: up to date (no source changed since the last build)');
  process.exit(0);
}
if (process.argv.includes('--if-changed')) console.log(`build: building (${decision.reason})…`);
// A build that fails part way must not leave a stamp saying dist/ matches the sources.
clearStamp(root);

const entries = {
  cli: 'electron/cli/main.ts',
  bench: 'scripts/bench.ts',
  // The measured processes of scripts/bench-bulk.ts (benchBulk, called by the bench).
  'bench-bulk-child': 'scripts/bench-bulk-child.ts',
  // The import's writer thread (electron/services/import-thread.ts finds it beside the bundles).
  'import-worker': 'electron/services/import-worker.ts',
  serve: 'electron/serve/main.ts',
  'electron/main': 'electron/main/main.ts',
  'electron/preload': 'electron/preload/preload.ts',
};

const present = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

await build({
  ...NODE_BUNDLE,
  entryPoints: present,
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  sourcemap: 'linked',
});

// The renderer (renderer/ → dist/renderer) with Vite; see vite.config.ts. Skipped with a note where
// Vite is not installed (a production-only install), since the CLI does not need it.
let vite = null;
try {
  vite = await import('vite');
} catch {
  console.warn('build: vite is not installed; the renderer (dist/renderer) was not built');
}
if (vite) {
  await vite.build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  // Only a complete build (renderer included) is recorded as up to date.
  writeStamp(root, decision.fingerprint);
}
