// The layer rule of eslint.config.js (`layers/imports`). Each import is resolved to where it lands,
// `path.resolve(dirname(file), specifier)`, and judged by the top folder it lands in, however many
// `../` it takes to get there (a glob such as `../../electron/*` misses `../../../electron/x`):
//
//   shared/    imports only shared/ and the packages in SHARED_PACKAGES (pure TypeScript)
//   renderer/  nothing from electron/ (it talks only through the API contract in shared/api)
//   electron/  nothing from renderer/
//
// and only electron/main, electron/preload and electron/ipc import the `electron` package. Node's own
// modules are left to no-restricted-imports, as are globals to no-restricted-globals.
//
// Option: `{ root }`, the project's folder (the one holding shared/, electron/ and renderer/).

import { builtinModules } from 'node:module';
import path from 'node:path';

/** The packages shared/ may import: they run anywhere, with no Node, DOM or Electron. */
export const SHARED_PACKAGES = ['zod', 'jsonc-parser'];
/** The folders whose files may import `electron`. */
const ELECTRON_IMPORTERS = ['electron/main', 'electron/preload', 'electron/ipc'];

/** Per layer: which top folders its imports may land in, and the message when one lands elsewhere. */
const LAYERS = {
  shared: {
    mayLandIn: (top) => top === 'shared',
    message: 'shared/ is pure TypeScript: it imports only from shared/, and this lands in {{where}}.',
  },
  renderer: {
    mayLandIn: (top) => top !== 'electron',
    message: 'The renderer talks only through the API contract in shared/api, and this lands in {{where}}.',
  },
  electron: {
    mayLandIn: (top) => top !== 'renderer',
    message: 'The main process does not import the renderer, and this lands in {{where}}.',
  },
};

/** `react-dom/client` → `react-dom`, `@scope/name/x` → `@scope/name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isBuiltin = (name) => name.startsWith('node:') || builtinModules.includes(name);

/** A path relative to the root, with `/` separators; null when it is outside the root. */
function inRoot(root, file) {
  const relative = path.relative(root, file);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/');
}

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps the layers apart: shared/, electron/ and renderer/ import only what their layer may.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, required: ['root'], additionalProperties: false }],
    messages: {
      shared: LAYERS.shared.message,
      renderer: LAYERS.renderer.message,
      electron: LAYERS.electron.message,
      sharedPackage: `shared/ is pure TypeScript: the package "{{name}}" is not one it may import (it may import: ${SHARED_PACKAGES.join(', ')}).`,
      electronPackage: `Only ${ELECTRON_IMPORTERS.join(', ')} import electron: services run under plain Node, and the renderer talks through the API contract.`,
    },
  },
  create(context) {
    const root = path.resolve(context.options[0].root);
    const file = inRoot(root, context.filename);
    const layer = file?.split('/')[0];
    if (!file || !(layer in LAYERS)) return {};
    const mayImportElectron = ELECTRON_IMPORTERS.some((folder) => file.startsWith(`${folder}/`));

    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
        const target = inRoot(root, path.resolve(path.dirname(context.filename), specifier));
        const top = target?.split('/')[0] ?? null;
        if (top === null || !LAYERS[layer].mayLandIn(top)) {
          context.report({ node: source, messageId: layer, data: { where: top === null ? 'a folder outside the project' : `${top}/` } });
        }
        return;
      }
      const name = packageName(specifier);
      if (name === 'electron' && !mayImportElectron) context.report({ node: source, messageId: 'electronPackage' });
      else if (layer === 'shared' && !isBuiltin(name) && name !== 'electron' && !SHARED_PACKAGES.includes(name)) {
        context.report({ node: source, messageId: 'sharedPackage', data: { name } });
      }
    };

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.argument?.literal ?? node.argument),
      TSExternalModuleReference: (node) => check(node.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
    };
  },
};

export default { meta: { name: 'permaudit-layers' }, rules: { imports: importsRule } };
