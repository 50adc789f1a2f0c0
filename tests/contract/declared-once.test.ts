// Every exported type has one declaration: a second one (a host's own copy of a contract type) drifts
// from the first without anyone noticing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const LAYERS = ['shared', 'electron', 'renderer'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('the contract', () => {
  it('declares each exported type in one file only', () => {
    const declaredIn = new Map<string, string[]>();
    for (const file of LAYERS.flatMap((layer) => sources(path.join(ROOT, layer)))) {
      for (const [, name] of fs.readFileSync(file, 'utf8').matchAll(/^export (?:interface|type) (\w+)/gm)) {
        declaredIn.set(name, [...(declaredIn.get(name) ?? []), path.relative(ROOT, file)]);
      }
    }
    const twice = [...declaredIn].filter(([, files]) => new Set(files).size > 1).map(([name, files]) => `${name}: ${files.join(', ')}`);
    expect(declaredIn.size).toBeGreaterThan(50);
    expect(twice).toEqual([]);
  });
});
