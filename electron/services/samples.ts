// The bundled sample datasets (resources/samples), offered on first run.
import fs from 'node:fs';
import path from 'node:path';
import type { SampleDataset } from '../../shared/api';

const SAMPLES: (Omit<SampleDataset, 'files'> & { file: string })[] = [
  {
    id: 'huntress',
    title: 'Northwind MSP (Huntress)',
    platform: 'huntress',
    description: 'An MSP account with 34 customer organizations, 75 people and 266 role assignments.',
    file: 'huntress-msp.csv',
  },
  {
    id: 'hyas-protect',
    title: 'Cobalt Ridge Partners (HYAS Protect)',
    platform: 'hyas-protect',
    description: 'A partner with 4 MSSPs and 29 organizations; analysts who see some settings only through the API.',
    file: 'hyas-protect-mssp.csv',
  },
  {
    id: 'hexiosec-asm',
    title: 'Four organisations (Hexiosec ASM)',
    platform: 'hexiosec-asm',
    description: '4 organisations with 18 scan groups, one Owner each; some Owners hold no role in some groups.',
    file: 'hexiosec-asm.csv',
  },
];

export function sampleDatasets(resourcesDir: string): SampleDataset[] {
  return SAMPLES.map(({ file, ...sample }) => ({
    ...sample,
    files: [{ path: path.join(resourcesDir, 'samples', file), name: file }],
  }));
}

/**
 * Where resources/ is in a checkout: beside dist/ for the bundles, two folders up when the services
 * run from source (tests). The packaged app passes its own.
 */
export function defaultResourcesDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'resources'), path.resolve(__dirname, '..', '..', 'resources')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'samples'))) ?? candidates[0];
}
