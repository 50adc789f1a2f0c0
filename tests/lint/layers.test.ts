// The layer rule, run as `npm run lint` runs it (the project's eslint.config.js): an import is judged
// by the folder it lands in, however many `../` it takes to get there.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The errors ESLint reports for `code` as the file at `file` (relative to the project), as `rule: message`. */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const intoElectron = 'layers/imports: shared/ is pure TypeScript: it imports only from shared/, and this lands in electron/.';

describe('the layer rule', () => {
  it('stops shared/ importing electron/ however deep the file is', async () => {
    const code = (specifier: string) => `import { openDatabase } from '${specifier}';\nexport const open = openDatabase;\n`;
    expect(await lint('shared/model/deep/probe.ts', code('../../../electron/store/database'))).toEqual([intoElectron]);
    expect(await lint('shared/model/deep/er/probe.ts', code('../../../../electron/store/database'))).toEqual([intoElectron]);
    // A path that wanders back through shared/ still lands in electron/.
    expect(await lint('shared/model/probe.ts', code('../../shared/csv/../../electron/store/database'))).toEqual([intoElectron]);
    // Every form of import is resolved: re-exports, dynamic imports, type imports.
    expect(await lint('shared/model/deep/probe.ts', "export * from '../../../electron/store/database';\n")).toEqual([intoElectron]);
    expect(await lint('shared/model/deep/probe.ts', "export const load = () => import('../../../electron/store/database');\n")).toEqual([
      intoElectron,
    ]);
    expect(
      await lint(
        'shared/model/deep/probe.ts',
        "import type { Database } from '../../../electron/store/database';\nexport type D = Database;\n",
      ),
    ).toEqual([intoElectron]);
  });

  it('stops shared/ reaching out of the project or into any other folder, and using packages beyond its own', async () => {
    expect(await lint('shared/model/probe.ts', "export * from '../../../electron/store/database';\n")).toEqual([
      'layers/imports: shared/ is pure TypeScript: it imports only from shared/, and this lands in a folder outside the project.',
    ]);
    expect(await lint('shared/model/probe.ts', "export * from '../../scripts/eslint-layers.js';\n")).toEqual([
      'layers/imports: shared/ is pure TypeScript: it imports only from shared/, and this lands in scripts/.',
    ]);
    expect(await lint('shared/model/probe.ts', "export * from 'react';\n")).toEqual([
      'layers/imports: shared/ is pure TypeScript: the package "react" is not one it may import (it may import: zod, jsonc-parser).',
    ]);
    // Node's modules and globals stay forbidden there too.
    expect(
      await lint('shared/model/probe.ts', "import fs from 'node:fs';\nexport const cwd = process.cwd() + fs.constants.F_OK;\n"),
    ).toEqual([
      "no-restricted-imports: 'node:fs' import is restricted from being used. shared/ is pure TypeScript: no Node modules.",
      "no-restricted-globals: Unexpected use of 'process'. shared/ is pure TypeScript: no DOM or Node globals.",
    ]);
  });

  it('passes the imports each layer may make', async () => {
    expect(
      await lint(
        'shared/model/deep/probe.ts',
        "export * from '../../csv/values';\nexport * from '../../../shared/paths';\nexport { z } from 'zod';\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'electron/services/probe.ts',
        "export * from '../../shared/api';\nexport * from '../store/database';\nexport { default as Sqlite } from 'better-sqlite3';\n",
      ),
    ).toEqual([]);
    expect(
      await lint('renderer/views/deep/probe.ts', "export * from '../../../shared/api';\nexport * from '../../state/snapshots';\n"),
    ).toEqual([]);
    expect(await lint('electron/ipc/probe.ts', "export { ipcMain } from 'electron';\n")).toEqual([]);
  });

  it('keeps the renderer out of electron/, electron/ out of the renderer, and `electron` in the window, preload and IPC files', async () => {
    expect(await lint('renderer/views/deep/probe.ts', "export * from '../../../electron/services/import';\n")).toEqual([
      'layers/imports: The renderer talks only through the API contract in shared/api, and this lands in electron/.',
    ]);
    expect(await lint('electron/services/deep/probe.ts', "export * from '../../../renderer/state/snapshots';\n")).toEqual([
      'layers/imports: The main process does not import the renderer, and this lands in renderer/.',
    ]);
    const onlyThere =
      'layers/imports: Only electron/main, electron/preload, electron/ipc import electron: services run under plain Node, and the renderer talks through the API contract.';
    expect(await lint('electron/services/probe.ts', "export { app } from 'electron';\n")).toEqual([onlyThere]);
    expect(await lint('renderer/views/probe.ts', "export { ipcRenderer } from 'electron';\n")).toEqual([onlyThere]);
  });
});
