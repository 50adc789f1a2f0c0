// `npm run fuzz`: the property tests of tests/fuzz with many cases (FUZZ_RUNS, default 10,000 importer
// cases; the engine's heavier properties run a tenth of that). FUZZ_SEED changes the seed.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000' };
console.log(`fuzz: ${env.FUZZ_RUNS} cases per importer property${env.FUZZ_SEED ? `, seed ${env.FUZZ_SEED}` : ''}`);
const result = spawnSync('npx', ['vitest', 'run', 'tests/fuzz'], { stdio: 'inherit', env, shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
