import { describe, expect, it } from 'vitest';
import type { ModelInfo, PlatformSummary } from '../../shared/api';
import {
  LAST_VIEW_KEY,
  applyLink,
  connectLocation,
  hashToState,
  linkOf,
  stateToHash,
  titleOf,
  type Link,
  type LocationWindow,
} from '../../renderer/state/location';
import { modelKey } from '../../renderer/state/models';
import { createStores } from '../../renderer/state/stores';
import { deferred, fakeClient, flush, huntress, node, snapshot } from './fake-client';

describe('the address codec', () => {
  it('writes only what differs from the defaults, the query inside the hash', () => {
    expect(stateToHash({ view: 'tenants' })).toBe('#/tenants');
    expect(
      stateToHash({
        view: 'who-can',
        snapshot: 3,
        scope: 'Northwind MSP/Bayside Dental',
        permission: 'remediation.approve',
        channel: 'api',
      }),
    ).toBe('#/who-can?snapshot=3&scope=Northwind%20MSP%2FBayside%20Dental&permission=remediation.approve&channel=api');
    // Another view's state is no part of this view's link.
    expect(stateToHash({ view: 'roles', snapshot: 1, scope: 'A', permission: 'p', platform: 'huntress', version: '2022-06' })).toBe(
      '#/roles?snapshot=1&platform=huntress&version=2022-06',
    );
  });

  it('reads back every view’s link, with paths and text of any characters', () => {
    const links: Link[] = [
      { view: 'snapshots', snapshot: 12 },
      { view: 'tenants', snapshot: 1, scope: 'Acme & Sons/R&D = 100%/#1 ?yes/Zürich 東京 +plus' },
      { view: 'who-can', snapshot: 2, scope: 'A/B', permission: 'agents.view', channel: 'ui', q: ' o’brien & co ', sort: 'email' },
      { view: 'who-can', snapshot: 2, permission: 'scans.delete', potential: '1' },
      { view: 'users', snapshot: 2, scope: 'A', q: 'grace', person: 'grace+audit@x.example', can: 'p', at: 'A/B', via: 'api' },
      { view: 'matrix', snapshot: 2, channel: 'api', category: ['Agents', 'Billing & Plans'], role: 'Admin', q: 'a', sort: 'access' },
      { view: 'roles', snapshot: 2, platform: 'huntress', version: 'pre-2022-06' },
      { view: 'changes', snapshot: 5, before: 3, q: 'bayside' },
      { view: 'what-if', snapshot: 5, plan: 'Bayside cover & more / 2026' },
      {
        view: 'changes',
        snapshot: 5,
        compare: 'model',
        from: 'pre-2022-06',
        to: '#own',
        tenant: 'A/B & C',
        group: 'permission',
        layout: 'matrix',
      },
      { view: 'findings', snapshot: 5, severity: 'not-evaluable', rule: 'inactive', q: 'bayside' },
      { view: 'reviews' },
      { view: 'reviews', review: 3, tab: 'remediation' },
      {
        view: 'reviews',
        review: 3,
        rule: 'privileged-no-mfa',
        changed: '1',
        privileged: '1',
        undecided: '1',
        reviewer: 'jia.zhou@northwind-msp.example',
        decision: 'dont-know',
        q: 'bayside & co',
      },
      { view: 'reports', snapshot: 2 },
      { view: 'reports', snapshot: 2, review: 4 },
      { view: 'reports', snapshot: 2, report: 'findings' },
    ];
    for (const link of links) expect(hashToState(stateToHash(link))).toEqual(link);
  });

  it('reads the bare view of older addresses, and no view from an empty or unknown hash', () => {
    expect(hashToState('#/matrix')).toEqual({ view: 'matrix' });
    expect(hashToState('#who-can')).toEqual({ view: 'who-can' });
    expect(hashToState('')).toBeNull();
    expect(hashToState('#')).toBeNull();
    expect(hashToState('#/settings?snapshot=1')).toBeNull();
    expect(hashToState('#/__proto__')).toBeNull();
  });

  it('leaves out parameters that are garbled, unknown or another view’s, without failing', () => {
    expect(
      hashToState('#/who-can?snapshot=abc&channel=pigeon&sort=shoe&permission=&scope=%20%20&q=&role=Admin&person=x&extra=1&=&&'),
    ).toEqual({ view: 'who-can' });
    expect(hashToState('#/who-can?potential=yes')).toEqual({ view: 'who-can' });
    expect(hashToState('#/matrix?potential=1')).toEqual({ view: 'matrix' });
    expect(hashToState('#/who-can?snapshot=-2')).toEqual({ view: 'who-can' });
    expect(hashToState('#/who-can?snapshot=0')).toEqual({ view: 'who-can' });
    expect(hashToState('#/who-can?snapshot=99999999999999999999')).toEqual({ view: 'who-can' });
    expect(hashToState('#/who-can?snapshot=3&snapshot=4')).toEqual({ view: 'who-can', snapshot: 3 });
    expect(hashToState('#/matrix?sort=access&category=&category=A&category=A')).toEqual({
      view: 'matrix',
      sort: 'access',
      category: ['A'],
    });
    expect(hashToState('#/who-can?sort=access')).toEqual({ view: 'who-can' }); // who-can has no such order
    // Reports: the access review is the default report, never written; an unknown report is left out.
    expect(hashToState('#/reports?report=access-review&review=2')).toEqual({ view: 'reports', review: 2 });
    expect(hashToState('#/reports?report=payroll')).toEqual({ view: 'reports' });
    // Changes: a compare mode, grouping or layout it does not have is its default.
    expect(hashToState('#/changes?compare=plans&group=role&layout=grid&tenant=A')).toEqual({ view: 'changes', tenant: 'A' });
    // Broken percent-encoding is read as far as it goes, never thrown.
    const broken = hashToState('#/tenants?scope=A%2FB%E0%A4%A&snapshot=1');
    expect(broken?.snapshot).toBe(1);
    expect(broken?.scope?.startsWith('A/B')).toBe(true);
    // "+" is a space in a query, as browsers write it; a "+" of the text is written encoded.
    expect(hashToState('#/users?q=grace+w')?.q).toBe('grace w');
    expect(stateToHash({ view: 'users', q: 'a+b' })).toBe('#/users?q=a%2Bb');
  });
});

const model = {
  platform: huntress,
  version: huntress.versions[1],
  permissions: [{ id: 'remediation.approve', label: 'Approve Assisted Remediation', category: 'Remediation', level: 'organization' }],
  roles: [],
} as unknown as ModelInfo;

const hexiosec: PlatformSummary = { ...huntress, id: 'hexiosec-asm', name: 'Hexiosec ASM' };

/** Stores over a fake back end with two Huntress snapshots (1, 2) and a Hexiosec one (3), the newest. */
function setup() {
  const client = fakeClient({
    snapshots: () => [snapshot(1), snapshot(2), snapshot(3, { platform: 'hexiosec-asm', name: 'Hexiosec' })],
    platforms: () => [huntress, hexiosec],
    samples: () => [],
    tree: ({ snapshotId }: { snapshotId: number }) => ({
      snapshot: snapshot(snapshotId),
      answer: [node(1, null, 'Northwind MSP', 'Northwind MSP', [2]), node(2, 1, 'Bayside Dental', 'Northwind MSP/Bayside Dental')],
    }),
  });
  return { client, stores: createStores(client) };
}

const whoCanLink: Link = {
  view: 'who-can',
  snapshot: 1,
  scope: 'Northwind MSP/Bayside Dental',
  permission: 'remediation.approve',
  channel: 'api',
  potential: '1',
  q: 'grace',
  sort: 'email',
};

describe('following a link', () => {
  it('opens its snapshot without the snapshot’s fresh start wiping its scope and question', async () => {
    const { stores } = setup();
    await applyLink(stores, whoCanLink);
    expect(stores.snapshots.getState().selectedId).toBe(1); // not the newest
    expect(stores.scope.getState().path).toBe('Northwind MSP/Bayside Dental');
    expect(stores.whoCan.getState()).toMatchObject({
      permission: 'remediation.approve',
      channel: 'api',
      potential: true,
      search: 'grace',
      sort: 'email',
    });
    expect(linkOf(stores)).toEqual(whoCanLink);
    expect(stores.ui.getState().notice).toBeNull();

    // Another snapshot, as Back to an earlier step does once the list is loaded.
    await applyLink(stores, { ...whoCanLink, snapshot: 2, scope: 'Northwind MSP' });
    expect(stores.snapshots.getState().selectedId).toBe(2);
    expect(stores.scope.getState().path).toBe('Northwind MSP');
    expect(stores.whoCan.getState().search).toBe('grace');
  });

  it('gives back what each view shows', async () => {
    const { stores } = setup();
    const links: Link[] = [
      {
        view: 'users',
        snapshot: 2,
        scope: 'Northwind MSP',
        q: 'grace',
        person: 'grace@x.example',
        can: 'p',
        at: 'Northwind MSP',
        via: 'ui',
      },
      {
        view: 'matrix',
        snapshot: 2,
        scope: 'Northwind MSP',
        channel: 'ui',
        category: ['Agents', 'Billing'],
        role: 'Admin',
        q: 'a',
        sort: 'access',
      },
      { view: 'roles', snapshot: 2, platform: 'huntress', version: 'pre-2022-06' },
      {
        view: 'changes',
        snapshot: 2,
        before: 1,
        tenant: 'Northwind MSP/Bayside Dental',
        group: 'permission',
        layout: 'matrix',
        q: 'grace',
      },
      { view: 'changes', snapshot: 2, compare: 'model', from: '2022-06', to: 'pre-2022-06', tenant: 'Northwind MSP' },
      { view: 'findings', snapshot: 2, severity: 'critical', rule: 'privileged-no-mfa', q: 'okonkwo' },
      { view: 'tenants', snapshot: 2 },
    ];
    for (const link of links) {
      await applyLink(stores, link);
      expect(linkOf(stores)).toEqual(link);
    }
    // A view keeps its state while another is shown (the scope is shared: Tenants cleared it).
    stores.ui.getState().setView('matrix');
    expect(linkOf(stores)).toEqual({ ...links[1], scope: undefined });
    // Another snapshot, other categories and roles.
    stores.snapshots.getState().select(1);
    expect(linkOf(stores)).toEqual({ view: 'matrix', snapshot: 1, channel: 'ui', sort: 'access' });
  });

  it('falls back to the newest snapshot when the link’s is gone, and says so', async () => {
    const { stores } = setup();
    await applyLink(stores, { view: 'tenants', snapshot: 9, scope: 'Northwind MSP' });
    expect(stores.snapshots.getState().selectedId).toBe(3);
    expect(stores.scope.getState().path).toBe('Northwind MSP'); // that tenant is in the newest one too
    expect(stores.ui.getState().notice?.text).toBe('Snapshot #9 is no longer here: showing the newest, “Hexiosec”.');
  });

  it('falls back to all tenants when the snapshot has no such tenant, and says so', async () => {
    const { stores } = setup();
    await applyLink(stores, { ...whoCanLink, scope: 'Northwind MSP/Nowhere' });
    expect(stores.snapshots.getState().selectedId).toBe(1);
    expect(stores.scope.getState().path).toBeNull();
    expect(stores.whoCan.getState().permission).toBe('remediation.approve');
    expect(stores.ui.getState().notice?.text).toBe('“Northwind MSP/Nowhere” is not a tenant in this snapshot: showing all tenants.');
  });

  it('without a link, opens the newest snapshot in Tenants, or Snapshots when there is none', async () => {
    const { stores, client } = setup();
    await applyLink(stores, null);
    expect(stores.snapshots.getState().selectedId).toBe(3);
    expect(stores.ui.getState().view).toBe('tenants');
    client.handlers.snapshots = () => [];
    const empty = createStores(client);
    await applyLink(empty, null);
    expect(empty.ui.getState().view).toBe('snapshots');
  });

  it('forgets the question of Who can for a snapshot of another platform, and keeps it for the same one', async () => {
    const { stores } = setup();
    await applyLink(stores, whoCanLink);
    stores.snapshots.getState().select(2);
    expect(stores.whoCan.getState()).toMatchObject({ permission: 'remediation.approve', search: '' });
    stores.snapshots.getState().select(3);
    expect(stores.whoCan.getState()).toMatchObject({ permission: null, channel: null, sort: 'name' });
  });

  it('titles the window with the question', async () => {
    const { stores } = setup();
    await applyLink(stores, whoCanLink);
    expect(titleOf(stores, linkOf(stores))).toBe('Who can: remediation.approve in Bayside Dental · Permission Auditor');
    stores.models.setState({ models: { [modelKey('huntress', '2022-06')]: { status: 'ready', data: model } } });
    expect(titleOf(stores, linkOf(stores))).toBe('Who can: Approve Assisted Remediation in Bayside Dental · Permission Auditor');
    expect(titleOf(stores, { view: 'matrix', scope: 'A/B' })).toBe('Access matrix: B · Permission Auditor');
    expect(titleOf(stores, { view: 'users', person: 'a@x.example' })).toBe('Users: a@x.example · Permission Auditor');
  });
});

/** A window with a history of its own: pushState adds a step, Back and Forward fire popstate and hashchange. */
function fakeWindow(hash: string, saved?: string) {
  const listeners = new Map<string, Set<() => void>>();
  const steps = [hash];
  let at = 0;
  const storage = new Map<string, string>(saved ? [[LAST_VIEW_KEY, saved]] : []);
  const go = (by: number) => {
    at += by;
    win.location.hash = steps[at];
    for (const type of ['popstate', 'hashchange']) listeners.get(type)?.forEach((l) => l());
  };
  const win = {
    location: { hash },
    history: {
      state: null,
      pushState: (_state: unknown, _unused: string, url?: string | URL | null) => {
        steps.splice(at + 1, Infinity, String(url));
        at++;
        win.location.hash = String(url);
      },
      replaceState: (_state: unknown, _unused: string, url?: string | URL | null) => {
        steps[at] = String(url);
        win.location.hash = String(url);
      },
    },
    document: { title: '' },
    addEventListener: (type: string, listener: () => void) => listeners.set(type, (listeners.get(type) ?? new Set()).add(listener)),
    removeEventListener: (type: string, listener: () => void) => listeners.get(type)?.delete(listener),
    localStorage: { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => storage.set(key, value) },
    steps,
    storage,
    back: () => go(-1),
    forward: () => go(1),
    /** The address edited by hand: a new step, then the events. */
    edit: (next: string) => {
      steps.splice(at + 1, Infinity, next);
      go(1);
    },
  };
  return win satisfies LocationWindow;
}

/** Lets the stores' writes (a microtask) and the follow-up of a link (the list, the tree) land. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await flush();
};

describe('the address kept in step', () => {
  it('starts from the address, adds a step for a new question and none for typing, and follows Back and Forward', async () => {
    const { stores } = setup();
    const start = stateToHash({ view: 'who-can', snapshot: 1, permission: 'remediation.approve' });
    const win = fakeWindow(start);
    const stop = connectLocation(stores, win);
    await settle();
    expect(stores.snapshots.getState().selectedId).toBe(1);
    expect(win.steps).toEqual([start]);
    expect(win.document.title).toBe('Who can: remediation.approve · Permission Auditor');

    stores.scope.getState().setScope('Northwind MSP');
    await settle();
    stores.whoCan.getState().setSearch('g');
    await settle();
    stores.whoCan.getState().setSearch('gr');
    stores.whoCan.getState().setChannel('ui');
    await settle();
    stores.ui.getState().setView('matrix');
    await settle();
    expect(win.steps).toEqual([
      start,
      '#/who-can?snapshot=1&scope=Northwind%20MSP&permission=remediation.approve&channel=ui&q=gr',
      '#/matrix?snapshot=1&scope=Northwind%20MSP',
    ]);

    win.back();
    await settle();
    expect(stores.ui.getState().view).toBe('who-can');
    win.back();
    await settle();
    expect(stores.scope.getState().path).toBeNull();
    expect(stores.whoCan.getState()).toMatchObject({ search: '', channel: null });
    expect(win.steps).toHaveLength(3); // following wrote no step
    win.forward();
    await settle();
    expect(stores.whoCan.getState()).toMatchObject({ search: 'gr', channel: 'ui' });
    expect(stores.scope.getState().path).toBe('Northwind MSP');

    // Another snapshot is a step; one of another platform asks afresh.
    stores.snapshots.getState().select(3);
    await settle();
    expect(win.steps.at(-1)).toBe('#/who-can?snapshot=3');
    stop();
  });

  it('opens the newest snapshot for an address without one, and writes it in place', async () => {
    const { stores } = setup();
    const win = fakeWindow('#/matrix');
    connectLocation(stores, win);
    await settle();
    expect(win.steps).toEqual(['#/matrix?snapshot=3']);
  });

  it('replaces a step that falls back, so Back does not return to it', async () => {
    const { stores } = setup();
    const win = fakeWindow('#/tenants?snapshot=1&scope=Gone');
    connectLocation(stores, win);
    await settle();
    expect(win.steps).toEqual(['#/tenants?snapshot=1']);
    expect(stores.ui.getState().notice?.text).toContain('“Gone” is not a tenant');
  });

  it('the desktop app, started with no address, opens its last view', async () => {
    const first = setup();
    const win = fakeWindow('');
    connectLocation(first.stores, win, { remember: true });
    await settle();
    await applyLink(first.stores, whoCanLink);
    await settle();
    const saved = win.storage.get(LAST_VIEW_KEY);
    expect(saved).toBe(stateToHash(whoCanLink));

    const again = setup();
    const restarted = fakeWindow('', saved);
    connectLocation(again.stores, restarted, { remember: true });
    await settle();
    expect(linkOf(again.stores)).toEqual(whoCanLink);
    expect(restarted.location.hash).toBe(saved);
  });

  it('drops the rest of a link when another is followed before the list has loaded', async () => {
    const { stores, client } = setup();
    const list = deferred<ReturnType<typeof snapshot>[]>();
    client.handlers.snapshots = () => list.promise;
    const win = fakeWindow('#/tenants?snapshot=9');
    connectLocation(stores, win);
    win.edit('#/tenants?snapshot=2');
    list.resolve([snapshot(1), snapshot(2)]);
    await settle();
    expect(stores.snapshots.getState().selectedId).toBe(2);
    expect(stores.ui.getState().notice).toBeNull(); // #9's fallback was dropped
  });
});
