// The Electronegativity step of `npm test` (scripts/electronegativity.mjs): it runs offline, it catches
// a medium finding, and only the reviewed preload check is let through.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { failures, REVIEWED, scan } from '../../scripts/electronegativity.mjs';

interface Issue {
  id: string;
  severity: { name: string };
}

describe('electronegativity step', () => {
  it('fails a window that lets a middle click open links, and lets the reviewed preload through', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-en-'));
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { preload: 'preload.js', contextIsolation: true, sandbox: true } });\n",
    );
    const issues = (await scan(dir)) as Issue[];
    const ids = issues.map((issue) => issue.id);
    expect(ids).toContain('AUXCLICK_JS_CHECK');
    expect(ids).toContain('PRELOAD_JS_CHECK');
    const failed = (failures(issues) as Issue[]).map((issue) => issue.id);
    expect(failed).toContain('AUXCLICK_JS_CHECK');
    expect(failed).not.toContain('PRELOAD_JS_CHECK');
    expect([...REVIEWED]).toEqual(['PRELOAD_JS_CHECK']);
  });

  it('counts only medium severity and above', () => {
    const issue = (id: string, name: string) => ({ id, severity: { name } });
    expect(
      failures([
        issue('A', 'LOW'),
        issue('B', 'INFORMATIONAL'),
        issue('C', 'MEDIUM'),
        issue('D', 'HIGH'),
        issue('PRELOAD_JS_CHECK', 'MEDIUM'),
      ]).map((i: Issue) => i.id),
    ).toEqual(['C', 'D']);
  });
});
