// The linter keeps the layers honest: `shared/` is pure TypeScript (no Node, DOM or Electron), only
// the window, preload and IPC files of `electron/` import `electron`, and the renderer talks to the
// back end only through the API contract.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'release/', 'test-results/', 'playwright-report/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts and the bin launcher.
    files: ['scripts/**/*.{js,mjs,cjs}', 'bin/**/*.cjs', '*.config.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly', module: 'writable', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeModules.map((name) => ({ name, message: 'shared/ is pure TypeScript: no Node modules.' })),
            { name: 'electron', message: 'shared/ is pure TypeScript: no Electron.' },
            { name: 'better-sqlite3', message: 'shared/ is pure TypeScript: storage lives in electron/.' },
            { name: 'react', message: 'shared/ is pure TypeScript: UI lives in renderer/.' },
          ],
          patterns: [
            { group: ['../electron/*', '../../electron/*', '../renderer/*', '../../renderer/*'], message: 'shared/ imports nothing from other layers.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'require', 'Buffer', '__dirname', 'fetch'].map((name) => ({
          name,
          message: 'shared/ is pure TypeScript: no DOM or Node globals.',
        })),
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**', 'electron/ipc/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only the window, preload and IPC files import electron; services run under plain Node.' }],
          patterns: [{ group: ['**/renderer/*'], message: 'The main process does not import the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks only through the API contract.' },
            ...nodeModules.map((name) => ({ name, message: 'The renderer runs in a sandbox: no Node modules.' })),
          ],
          patterns: [{ group: ['**/electron/*'], message: 'The renderer talks only through the API contract in shared/api.' }],
        },
      ],
    },
  },
);
