// `npm run demo`: the main job on the bundled samples. Imports each sample into samples.db and asks
// the questions an access review starts with, printing each command before its answer so you can
// run your own next. samples.db is made afresh on every run, replacing one already there (it says so).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'permaudit.cjs');
const db = 'samples.db';

function permaudit(...args) {
  const shown = args.map((a) => (/[\s"]/.test(a) ? `"${a}"` : a)).join(' ');
  process.stdout.write(`\n\x1b[1m$ npx permaudit ${shown}\x1b[0m\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The demo always starts from an empty samples.db, so the snapshot numbers below are 1, 2 and 3. An
// existing one (an earlier demo, or imports of your own into it) is replaced, and the demo says so
// before it does, with how to keep it next time.
if (fs.existsSync(path.join(root, db))) {
  process.stdout.write(
    `Replacing the existing ${db} (${path.join(root, db)}): the demo starts from an empty database.\n` +
      `To keep a samples.db, rename or move it before running npm run demo.\n`,
  );
} else {
  process.stdout.write(`Creating ${db} (${path.join(root, db)}).\n`);
}
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(root, db + suffix), { force: true });

permaudit('import', 'resources/samples/huntress-msp.csv', '--platform', 'huntress', '--db', db, '--name', 'Northwind MSP sample');
permaudit('import', 'resources/samples/hyas-protect-mssp.csv', '--platform', 'hyas-protect', '--db', db, '--name', 'Cobalt Ridge sample');
permaudit('import', 'resources/samples/hexiosec-asm.csv', '--platform', 'hexiosec-asm', '--db', db, '--name', 'Hexiosec sample');
permaudit('snapshots', '--db', db);

permaudit('who-can', 'Approve Assisted Remediation', '--db', db, '--snapshot', '1', '--scope', 'Northwind MSP/Bayside Dental');
permaudit(
  'can',
  'lena.fischer@harborline-sec.example',
  'View Blocking Mode',
  '--db',
  db,
  '--snapshot',
  '2',
  '--scope',
  'Cobalt Ridge Partners/Harborline Security/Brennan Freight',
  '--channel',
  'ui',
);
permaudit(
  'can',
  'lena.fischer@harborline-sec.example',
  'View Blocking Mode',
  '--db',
  db,
  '--snapshot',
  '2',
  '--scope',
  'Cobalt Ridge Partners/Harborline Security/Brennan Freight',
  '--channel',
  'api',
);
permaudit(
  'can',
  'moyelaran@kestrel-logistics.example',
  'View scans',
  '--db',
  db,
  '--snapshot',
  '3',
  '--scope',
  'Kestrel Logistics/Acquisitions',
);

process.stdout.write(`\nThe database is ${db}. Try: npx permaudit access priya.raman@coastal-it.example --db ${db} --snapshot 1\n`);
