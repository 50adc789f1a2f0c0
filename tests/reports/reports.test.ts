// The audit reports an auditor is handed: what each holds (the access review's every section, with
// the right facts), the population of a snapshot with no review, remediation as verified in a later
// snapshot or not yet verifiable, the control map, and files that stay inert in a spreadsheet.
import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../shared/app-info';
import { BIG_TABLE, scriptJson, TABLE_SCRIPT, TABLE_SCRIPT_SHA256 } from '../../shared/reports/html';
import { FINDINGS_LISTED } from '../../shared/reports/page';
import { renderReport } from '../../shared/reports/render';
import type { AccessReviewReport, FindingsReportDoc, WhoCanReport } from '../../shared/reports/types';
import { allItems, BAYSIDE, ELENA, itemOf, northwind, type Setup } from '../reviews/support';
import { big, crafted, FORMULA_COMMENTS, FORMULA_NAMES, MARKUP, type Crafted } from './support';

const MARCUS = 'marcus.webb@northwind-msp.example';
const TOMAS = 'tomas.herrera@northwind-msp.example';

let setup: Setup | Crafted | undefined;
afterEach(() => {
  setup?.close();
  setup = undefined;
});

const json = async <T>(service: Setup['service'], req: Parameters<Setup['service']['report']>[0]) =>
  JSON.parse((await service.report({ ...req, format: 'json' })).text) as T;

/** November's review: a revoke, a modify, the rest kept, signed off. */
async function signedReview(options: { december: boolean }) {
  const s = await northwind(options);
  setup = s;
  await s.service.startReview({ snapshotId: 1, name: 'Q4', reviewers: [{ reviewer: ELENA }], by: ELENA });
  const items = allItems(s.service, 1);
  const marcus = itemOf(items, MARCUS, 'Northwind MSP').number;
  const tomas = itemOf(items, TOMAS, BAYSIDE).number;
  const elena = items.find((i) => i.email === ELENA)!.number;
  await s.service.decide({
    reviewId: 1,
    decisions: [
      { items: [marcus], decision: 'revoke', comment: 'Suspended since September 2025' },
      { items: [tomas], decision: 'modify', role: 'User', comment: 'Admin is not needed' },
      { items: [elena], decision: 'keep', comment: 'Runs the MSP', selfReason: 'No one else can review the owner' },
    ],
  });
  const rest = allItems(s.service, 1)
    .filter((i) => !i.decision)
    .map((i) => i.number);
  await s.service.decide({ reviewId: 1, by: 'Compliance Office', decisions: [{ items: rest, decision: 'keep', comment: 'Confirmed' }] });
  await s.service.signOff({ reviewId: 1, name: 'Elena Vasquez', statement: 'I reviewed every item of this review.' });
  return { s, marcus, tomas, elena };
}

describe('the access review report', () => {
  it('holds every section with its facts: provenance, completeness, privileged users, findings, decisions, remediation, sign-off, log, controls', async () => {
    const { s, marcus, tomas, elena } = await signedReview({ december: true });
    const snapshot = s.service.snapshots({}).find((x) => x.id === 1)!;
    const r = await json<AccessReviewReport>(s.service, { snapshotId: 1, type: 'access-review', format: 'json' });

    expect(r.review).toMatchObject({ id: 1, name: 'Q4', status: 'signed' });
    expect(r.provenance.snapshot).toMatchObject({ id: 1, platform: 'huntress', model: { origin: 'built-in', sha256: null } });
    expect(r.provenance.sourceFiles).toEqual(snapshot.files.map((f) => ({ ...f })));
    expect(r.provenance.generator.version).toBe(APP_VERSION);
    expect(r.provenance.generatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    expect(r.manifest).toMatchObject({ assignmentsInScope: 266, items: 266, complete: true });
    expect(r.manifest.populationSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.population).toMatchObject({ items: 266, decided: 266, byDecision: { revoke: 1, modify: 1, undecided: 0 } });
    expect(r.population.privileged).toBe(r.items.filter((i) => i.privileged).length);
    expect(r.privilegedUsers.map((u) => u.email)).toContain(MARCUS);

    // The findings, and the SHA-256 of the rules they ran with (here the defaults' JSON).
    expect(r.findings.rules).toMatchObject({ source: 'defaults', fileName: null });
    expect(r.findings.rules.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.findings.findings.length).toBe(s.service.findings({ snapshotId: 1 }).answer.findings.length);

    const item = (n: number) => r.items.find((i) => i.number === n)!;
    expect(item(marcus).decision).toMatchObject({ decision: 'revoke', comment: 'Suspended since September 2025', by: ELENA });
    expect(item(elena).decision).toMatchObject({ selfReason: 'No one else can review the owner' });

    // Remediation checked in December's snapshot, as `review remediation` says.
    const checked = s.service.remediation({ reviewId: 1 });
    expect(r.remediation.snapshot).toMatchObject({ id: 2 });
    expect(r.remediation.rows.map((e) => [e.item, e.status, e.detail])).toEqual(checked.entries.map((e) => [e.item, e.status, e.detail]));
    expect(r.remediation.rows.map((e) => e.item).sort()).toEqual([marcus, tomas].sort());

    expect(r.signOff).toMatchObject({ name: 'Elena Vasquez', statement: 'I reviewed every item of this review.' });
    const verified = s.service.verifyReview({ reviewId: 1 });
    expect(r.log).toEqual({ entries: verified.entries, head: verified.head, verification: verified });
    expect(r.signOff!.chainHead).toBe(verified.head);

    expect(r.controls.map((c) => c.control)).toEqual(['CC6.2', 'CC6.3', 'A.5.15', 'A.5.18', 'A.8.2']);

    // The HTML: every section an anchor the control map links to, and the facts above as people read them.
    const page = (await s.service.report({ snapshotId: 1, type: 'access-review', format: 'html' })).text;
    for (const control of r.controls)
      for (const section of control.sections) {
        expect(page).toContain(`id="${section.id}"`);
        expect(page).toContain(`href="#${section.id}"`);
      }
    for (const text of [
      'Access review #1: Q4',
      snapshot.files[0].sha256,
      'every one of the 266 assignments imported in scope (complete)',
      'Own access, reason: No one else can review the owner',
      'removed — verified in snapshot #2',
      'I reviewed every item of this review.',
      verified.head!,
      'verified: the chain, the items and the decisions match the log',
      'CC6.2',
      'A.8.2',
      `Permission Auditor ${APP_VERSION}`,
    ])
      expect(page).toContain(text);
  });

  it('says a revoke is not yet verifiable while no later snapshot is imported', async () => {
    const { s, marcus } = await signedReview({ december: false });
    const r = await json<AccessReviewReport>(s.service, { type: 'access-review', format: 'json' });
    expect(r.remediation.snapshot).toBeNull();
    expect(r.remediation.rows.find((e) => e.item === marcus)).toMatchObject({ status: 'not-yet-verifiable' });
    const page = (await s.service.report({ type: 'access-review', format: 'html' })).text;
    expect(page).toContain('not yet verifiable: no later snapshot of this platform is imported');
  });

  it('without a review reports the population with every item undecided, and says so at the top', async () => {
    setup = await northwind();
    const r = await json<AccessReviewReport>(setup.service, { type: 'access-review', format: 'json' });
    expect(r.review).toBeNull();
    expect(r.notes[0]).toMatch(/^No review has been started on snapshot #1: .* every item is undecided\.$/);
    expect(r.manifest).toMatchObject({ assignmentsInScope: 266, items: 266, complete: true, populationSha256: null });
    expect(r.items).toHaveLength(266);
    expect(r.items.every((i) => i.decision === null)).toBe(true);
    expect(r.population.byDecision.undecided).toBe(266);
    expect(r.items.some((i) => i.recommendations.length > 0)).toBe(true);
    expect(r.signOff).toBeNull();
    expect(r.log).toBeNull();
    const page = (await setup.service.report({ type: 'access-review', format: 'html' })).text;
    const header = page.slice(0, page.indexOf('<section'));
    expect(header).toContain('No review has been started on snapshot #1');
  });

  it("without a review id reports the snapshot's newest review", async () => {
    setup = await northwind();
    for (const name of ['First', 'Second'])
      await setup.service.startReview({ snapshotId: 1, name, reviewers: [{ reviewer: ELENA }], by: ELENA });
    const r = await json<AccessReviewReport>(setup.service, { snapshotId: 1, type: 'access-review', format: 'json' });
    expect(r.review).toMatchObject({ id: 2, name: 'Second' });
    const first = await json<AccessReviewReport>(setup.service, { reviewId: 1, type: 'access-review', format: 'json' });
    expect(first.review).toMatchObject({ id: 1, name: 'First' });
  });
});

describe('the who-can and findings reports', () => {
  it('who can do what: every grant with the role, where, reach and the vendor lines behind it', async () => {
    setup = await northwind();
    const r = await json<WhoCanReport>(setup.service, { type: 'who-can', format: 'json' });
    const access = setup.service.access({ email: MARCUS }).answer;
    const marcus = r.people.find((p) => p.email === MARCUS)!;
    expect(marcus.assignments.map((a) => a.path).sort()).toEqual(access.nodes.map((n) => n.node.path).sort());
    expect(r.roles.every((role) => role.grants.every((g) => g.source.length > 0 && g.source[0].title !== null))).toBe(true);
    const csv = Papa.parse<Record<string, string>>((await setup.service.report({ type: 'who-can', format: 'csv' })).text, {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.data).toHaveLength(r.grants);
    expect(csv.data.filter((row) => row.email === MARCUS).every((row) => row.vendor_source.startsWith('Huntress — “'))).toBe(true);
  });

  it('findings: counts by severity, each finding, the rules and their SHA-256', async () => {
    setup = await northwind();
    const rules = { path: `${import.meta.dirname}/../../resources/findings/huntress-msp.json` };
    const r = await json<FindingsReportDoc>(setup.service, { type: 'findings', format: 'json', rules });
    const answer = setup.service.findings({ rules }).answer;
    expect(r.findings.rules).toEqual({ source: 'file', fileName: 'huntress-msp.json', sha256: answer.settings.sha256 });
    expect(r.findings.counts).toEqual(answer.counts);
    const page = (await setup.service.report({ type: 'findings', format: 'html', rules })).text;
    expect(page).toContain(answer.settings.sha256!);
    for (const f of answer.findings.slice(0, 5))
      expect(page).toContain(f.recommendation.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
  });
});

describe('a findings report of more findings than a page lists', () => {
  it('lists them by rule and says the CSV and JSON hold every finding', async () => {
    setup = await northwind();
    const r = setup.service.prepareReport({ type: 'findings', format: 'html' }).report as FindingsReportDoc;
    const some = r.findings.findings;
    r.findings.findings = Array.from({ length: FINDINGS_LISTED + 1 }, (_, i) => ({
      ...some[i % some.length],
      title: `Finding number ${i}`,
    }));
    const page = renderReport(r, 'html').text;
    expect(page).toContain(
      `${(FINDINGS_LISTED + 1).toLocaleString('en-US')} findings are more than this page lists one by one (${FINDINGS_LISTED.toLocaleString('en-US')}): it lists them by rule. The CSV and JSON of this report hold every finding.`,
    );
    expect(page).not.toContain('Finding number 5000');
    const csv = Papa.parse<Record<string, string>>(renderReport(r, 'csv').text, { header: true, skipEmptyLines: true });
    expect(csv.data).toHaveLength(FINDINGS_LISTED + 1);
    expect(csv.data[5000].title).toBe('Finding number 5000');
  });
});

describe('files an auditor opens', () => {
  it('CSV: no cell of any report runs as a formula (= + - @ tab CR get a leading quote)', async () => {
    setup = await crafted();
    const cellsOf = async (type: 'access-review' | 'who-can' | 'findings') =>
      Papa.parse<string[]>((await setup!.service.report({ type, format: 'csv' })).text, { skipEmptyLines: true }).data.flat();
    const review = await cellsOf('access-review');
    for (const formula of [...FORMULA_NAMES, ...FORMULA_COMMENTS]) expect(review, JSON.stringify(formula)).toContain(`'${formula}`);
    expect(new Set((await cellsOf('who-can')).filter((c) => FORMULA_NAMES.includes(c.slice(1))))).toEqual(
      new Set(FORMULA_NAMES.map((f) => `'${f}`)),
    );
    for (const type of ['access-review', 'who-can', 'findings'] as const)
      expect(
        (await cellsOf(type)).filter((c) => /^[=+\-@\t\r]/.test(c)),
        type,
      ).toEqual([]);
  });

  it('HTML: every text from the import is escaped', async () => {
    setup = await crafted();
    const page = (await setup.service.report({ type: 'access-review', format: 'html' })).text;
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<svg');
    expect(page).not.toContain('<script>window');
    expect(page).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
    expect(page).toContain('Acme &lt;script&gt;');
    expect(page).toContain('o&#39;neil&amp;co@evil.example');
    expect(page).toContain('&lt;b onmouseover=window.__pwned=1&gt;Q4&lt;/b&gt;');
    expect(page).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;iframe');
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />`);
    expect(MARKUP.name).toContain('<img');
  });

  it('a big table goes in the page as data a script of ours shows, allowed by its SHA-256; the print variant writes every row', async () => {
    expect(`sha256-${createHash('sha256').update(TABLE_SCRIPT).digest('base64')}`).toBe(TABLE_SCRIPT_SHA256);
    expect(scriptJson(['</script><script>alert(1)</script>', 'a\u2028b\u2029&'])).toBe(
      '["\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e","a\\u2028b\\u2029\\u0026"]',
    );
    setup = await big(BIG_TABLE + 50);
    const page = (await setup.service.report({ type: 'access-review', format: 'html' })).text;
    expect(page).toContain(`script-src '${TABLE_SCRIPT_SHA256}'`);
    expect(page).toContain('data-rows="rows-items"');
    expect(page).toContain(`<script>${TABLE_SCRIPT}</script>`);
    const items = page.slice(page.indexOf('<section id="items">'), page.indexOf('<section id="remediation">'));
    expect(items).toContain('<tbody></tbody>');
    expect(items).not.toContain('<td');
    const print = (await setup.service.report({ type: 'access-review', format: 'html', print: true })).text;
    expect(print).not.toContain('<script');
    expect(print).not.toContain('script-src');
    expect(print).toContain('person02049@big.example');
  });
});
