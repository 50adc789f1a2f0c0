// `npm run schema`: writes docs/model-format.schema.json and docs/findings.schema.json from their zod
// schemas (the model format, the findings rules file). The TypeScript is bundled in memory (esbuild)
// and imported, so no build is needed first.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The module's exports, bundled in memory. */
async function load(entry) {
  const bundle = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
}

const { MODEL_SCHEMA_FILE, modelFormatJsonSchema } = await load('shared/model/json-schema.ts');
const { FINDINGS_SCHEMA_FILE, findingsJsonSchema } = await load('shared/findings/json-schema.ts');
for (const [file, text] of [
  [MODEL_SCHEMA_FILE, modelFormatJsonSchema()],
  [FINDINGS_SCHEMA_FILE, findingsJsonSchema()],
]) {
  writeFileSync(join(root, file), text);
  console.log(`schema: wrote ${file}`);
}
