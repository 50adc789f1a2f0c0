// The linter keeps the layers honest: `shared/` is pure TypeScript (no Node, DOM or Electron), only
// the window, preload and IPC files of `electron/` import `electron`, and the renderer talks to the
// back end only through the API contract. Where an import lands is judged by `layers/imports`
// (scripts/eslint-layers.js), which resolves each path; Node's modules and globals by ESLint's own rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';
import layers from './scripts/eslint-layers.js';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'release/', 'test-results/', 'playwright-report/', 'build/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts and the bin launcher.
    files: ['scripts/**/*.{js,mjs,cjs}', 'bin/**/*.cjs', '*.config.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'layers/imports': ['error', { root: import.meta.dirname }] },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: nodeModules.map((name) => ({ name, message: 'shared/ is pure TypeScript: no Node modules.' })) },
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
    // The rules of hooks, and the React Compiler's checks of what a component may do while rendering.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      // Only says the React Compiler would skip a component (TanStack Virtual's); the app is not compiled by it.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: nodeModules.map((name) => ({ name, message: 'The renderer runs in a sandbox: no Node modules.' })) },
      ],
    },
  },
);
