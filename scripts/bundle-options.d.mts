// The type of scripts/bundle-options.mjs, for the TypeScript that imports it (tests/import/crash.test.ts).
import type { BuildOptions } from 'esbuild';

export declare const NODE_BUNDLE: BuildOptions;
