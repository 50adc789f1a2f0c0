// How the Node entry points are bundled with esbuild, shared by scripts/build.mjs and the tests that
// bundle an entry point of their own (tests/import/crash.test.ts), so both bundle alike.

/** @type {import('esbuild').BuildOptions} */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The native module and electron stay external; Playwright for the bench's browser figures, and
  // playwright-core, which the CLI loads only to print a PDF (a big package with files of its own).
  external: ['better-sqlite3', 'electron', '@playwright/test', 'playwright-core'],
  // jsonc-parser's "main" is a UMD build whose inner requires a bundler cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  logLevel: 'warning',
};
