// `permaudit who-can PERMISSION --potential` on the Hexiosec ASM sample: organisation Admins and
// Managers hold no scan permission, but can give themselves a group's Admin role; they follow the
// people who hold the permission, marked as potential, with the path one hop a line.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareCli, root, runCli } from '../support/cli';

let dir: string;
let db: string;
const run = (...args: string[]) => runCli(dir, ...args);
const GROUP = 'Fenwick Engineering/External Perimeter';
const ask = (...more: string[]) => run('who-can', 'Delete scans', '--db', db, '--scope', GROUP, ...more);

beforeAll(() => {
  dir = prepareCli('permaudit-potential-');
  db = path.join(dir, 'audit.db');
  expect(run('import', path.join(root, 'resources/samples/hexiosec-asm.csv'), '--platform', 'hexiosec-asm', '--db', db).code).toBe(0);
});

describe('permaudit who-can --potential', () => {
  it('lists after the holders who could give themselves the permission, each with the path one hop a line', () => {
    const { code, stdout } = ask('--potential');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^5 people can "Delete scans" in Fenwick Engineering\/External Perimeter\n/);
    const potential = stdout.slice(stdout.indexOf('Potential access:')).split('\n');
    expect(potential[0]).toBe('Potential access: 3 people could give themselves "Delete scans" (no role gives it to them there today):');
    expect(potential.slice(3, 5)).toEqual([
      "  meera.chaudhry@fenwick-eng.example CAN Delete scans at Fenwick Engineering/External Perimeter THRU ‘Manage users' access to different groups’ at Fenwick Engineering",
      "     meera.chaudhry@fenwick-eng.example gives themselves Admin · group at Fenwick Engineering/External Perimeter with ‘Manage users' access to different groups’ (held as Manager at Fenwick Engineering)",
    ]);
  });

  it('without --potential, says nothing of it', () => {
    expect(ask().stdout).not.toContain('Potential access');
  });

  it('JSON marks each potential entry and gives its hops, each citing the vendor lines that let the role be given', () => {
    const entries = JSON.parse(ask('--potential', '--json').stdout);
    const held = entries.filter((e: { potential?: boolean }) => !e.potential);
    const potential = entries.filter((e: { potential?: boolean }) => e.potential);
    expect(held).toHaveLength(5);
    expect(potential.map((e: { email: string }) => e.email)).toEqual([
      'agnieszka.shevchenko@fenwick-eng.example',
      'meera.chaudhry@fenwick-eng.example',
      'soren.wagner@fenwick-eng.example',
    ]);
    expect(potential[1]).toMatchObject({
      potential: true,
      roleLabel: 'Admin · group',
      assignedAt: GROUP,
      sourceFile: 'hexiosec-asm.csv',
      path: [
        {
          permission: "Manage users' access to different groups",
          heldAt: 'Fenwick Engineering',
          heldAs: 'Manager',
          gives: 'Admin · group',
          givesAt: GROUP,
          source: expect.arrayContaining([expect.objectContaining({ title: 'Organisation and Group Roles', line: 16 })]),
        },
      ],
    });
  });

  it('CSV gains a potential column and the path', () => {
    const lines = ask('--potential', '--format', 'csv').stdout.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/,grant_source,potential,path$/);
    expect(lines.filter((l) => /,yes,[^,]+ gives themselves Admin · group at /.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /UI\+API,hexiosec-asm\.csv:\d+,"[^"]+",no,$/.test(l))).toHaveLength(5);
  });
});
