// The README's Node.js requirement holds for every package `npm ci` installs: a user on the version
// it names sees no EBADENGINE warning, and package.json's own "engines" says the same.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[]; optional?: boolean }>;
};
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };

const stated = /Needs Node\.js (\d+\.\d+)\+/.exec(readme)?.[1];

describe("the README's Node.js requirement", () => {
  it('is stated as "Needs Node.js X.Y+" and is what package.json\'s engines field says', () => {
    expect(stated).toBeDefined();
    expect(semver.minVersion(pkg.engines.node)?.version).toBe(`${stated}.0`);
  });

  // The lowest version it allows, and the first release of the LTS line after it.
  it.each([`${stated}.0`, '24.0.0'])('Node %s satisfies the engines.node range of every package in the lock file', (version) => {
    const refused = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, info]) => {
        const range = !Array.isArray(info.engines) ? info.engines?.node : undefined;
        return range && !semver.satisfies(version, range) ? [`${name.replace(/^.*node_modules\//, '')}@${info.version}: ${range}`] : [];
      });
    expect(refused).toEqual([]);
  });
});
