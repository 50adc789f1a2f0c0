// `npm run schema`: writes docs/model-format.schema.json from the model format's zod schema. The
// TypeScript is bundled in memory (esbuild) and imported, so no build is needed first.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = await build({
  entryPoints: [join(root, 'shared/model/json-schema.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const { MODEL_SCHEMA_FILE, modelFormatJsonSchema } = await import(
  `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`
);
writeFileSync(join(root, MODEL_SCHEMA_FILE), modelFormatJsonSchema());
console.log(`schema: wrote ${MODEL_SCHEMA_FILE}`);
