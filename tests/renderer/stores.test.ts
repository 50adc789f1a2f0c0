import { describe, expect, it } from 'vitest';
import type { FilePreview, ModelInfo, SnapshotInfo } from '../../shared/api';
import { ApiError } from '../../renderer/api/bridge';
import { filterOptions } from '../../renderer/components/Combobox';
import { createWizardStore } from '../../renderer/state/import-wizard';
import { asOfForVersion } from '../../renderer/state/models';
import { latest, type Resource } from '../../renderer/state/resource';
import { selectedSnapshot } from '../../renderer/state/snapshots';
import { createStores } from '../../renderer/state/stores';
import { indexTree, visibleRows } from '../../renderer/state/tree';
import { permissionNamed } from '../../renderer/state/who-can';
import { deferred, fakeClient, flush, huntress, node, snapshot } from './fake-client';

const permission = (id: string, label: string, category: string) => ({
  id,
  label,
  category,
  level: 'organization',
  kind: 'view' as const,
  source: [],
});

describe('latest()', () => {
  it('lets only the newest answer land', async () => {
    const run = latest();
    const landed: Resource<string>[] = [];
    const slow = deferred<string>();
    const first = run(
      () => slow.promise,
      (r) => landed.push(r),
    );
    const second = run(
      async () => 'fresh',
      (r) => landed.push(r),
    );
    await second;
    slow.resolve('stale');
    await first;
    expect(landed.map((r) => r.status)).toEqual(['loading', 'loading', 'ready']);
    expect(landed.at(-1)).toEqual({ status: 'ready', data: 'fresh' });
  });
});

describe('the snapshots store', () => {
  it('goes loading → ready, opens the newest, and loads platforms and samples once', async () => {
    const list = deferred<SnapshotInfo[]>();
    const client = fakeClient({ snapshots: () => list.promise, platforms: () => [huntress], samples: () => [] });
    const { snapshots } = createStores(client);
    const loading = snapshots.getState().load();
    expect(snapshots.getState().list.status).toBe('loading');
    list.resolve([snapshot(1), snapshot(3), snapshot(2)]);
    await loading;
    expect(snapshots.getState().list.status).toBe('ready');
    expect(snapshots.getState().selectedId).toBe(3);
    expect(selectedSnapshot(snapshots.getState())?.name).toBe('Snapshot 3');
    await snapshots.getState().load();
    expect(client.calls.filter((c) => c.method === 'platforms')).toHaveLength(1);
  });

  it('is empty on first run and shows errors with their problems', async () => {
    const client = fakeClient({ snapshots: () => [], platforms: () => [huntress], samples: () => [] });
    const { snapshots } = createStores(client);
    await snapshots.getState().load();
    expect(snapshots.getState().list).toEqual({ status: 'ready', data: [] });
    expect(snapshots.getState().selectedId).toBeNull();

    client.handlers.snapshots = () => {
      throw new ApiError('incompatible', 'the database is newer than this app');
    };
    await snapshots.getState().load();
    const list = snapshots.getState().list;
    expect(list.status).toBe('error');
    expect(list.status === 'error' && list.error.kind).toBe('incompatible');
  });

  it('opens a sample in one step and reports its progress', async () => {
    const imported = snapshot(7, { name: 'Northwind MSP (Huntress)' });
    const client = fakeClient({
      snapshots: () => (client.calls.some((c) => c.method === 'importFiles') ? [snapshot(1), imported] : [snapshot(1)]),
      platforms: () => [huntress],
      samples: () => [],
      importFiles: (_req, onProgress) => {
        onProgress?.({ file: 'huntress-msp.csv', bytesRead: 5, totalBytes: 10, rows: 1 });
        expect(stores.snapshots.getState().opening?.progress?.bytesRead).toBe(5);
        return imported;
      },
    });
    const stores = createStores(client);
    await stores.snapshots.getState().load();
    const sample = {
      id: 'huntress',
      title: 'Northwind MSP (Huntress)',
      platform: 'huntress',
      description: '',
      files: [{ path: '/r/huntress-msp.csv', name: 'huntress-msp.csv' }],
    };
    await expect(stores.snapshots.getState().openSample(sample)).resolves.toBe(imported);
    expect(client.calls.find((c) => c.method === 'importFiles')?.argument).toEqual({
      files: sample.files,
      platform: 'huntress',
      name: sample.title,
    });
    expect(stores.snapshots.getState().opening).toBeNull();
    expect(stores.snapshots.getState().selectedId).toBe(7);
  });

  it('deletes a snapshot and opens another; a refused delete is an error', async () => {
    let rows = [snapshot(1), snapshot(2)];
    const client = fakeClient({
      snapshots: () => rows,
      platforms: () => [huntress],
      samples: () => [],
      deleteSnapshot: ({ snapshotId }: { snapshotId: number }) => {
        rows = rows.filter((s) => s.id !== snapshotId);
        return { deleted: snapshotId };
      },
    });
    const { snapshots } = createStores(client);
    await snapshots.getState().load();
    expect(snapshots.getState().selectedId).toBe(2);
    await expect(snapshots.getState().remove(2)).resolves.toBe(true);
    expect(snapshots.getState().selectedId).toBe(1);

    client.handlers.deleteSnapshot = () => {
      throw new ApiError('not-found', 'no snapshot #9');
    };
    await expect(snapshots.getState().remove(9)).resolves.toBe(false);
    expect(snapshots.getState().deleteError?.message).toBe('no snapshot #9');
  });

  it('starts the scoped views afresh when another snapshot is opened', async () => {
    const client = fakeClient({ snapshots: () => [snapshot(1), snapshot(2)], platforms: () => [huntress], samples: () => [] });
    const stores = createStores(client);
    await stores.snapshots.getState().load();
    stores.scope.getState().setScope('Acme/Client');
    stores.users.getState().select('a@b.example');
    stores.snapshots.getState().select(1);
    expect(stores.scope.getState().path).toBeNull();
    expect(stores.users.getState().selected).toBeNull();
  });
});

describe('models', () => {
  it('asks for a version by the date that selects it', () => {
    expect(asOfForVersion(huntress, '2022-06')).toBe('2022-06-01');
    expect(asOfForVersion(huntress, 'pre-2022-06')).toBe('1970-01-01');
    expect(asOfForVersion({ ...huntress, versions: [huntress.versions[0]] }, 'pre-2022-06')).toBeUndefined();
    expect(asOfForVersion(huntress, 'nope')).toBeUndefined();
  });

  it('fetches each model once', async () => {
    const client = fakeClient({ model: () => ({ version: { id: '2022-06' } }) as ModelInfo });
    const { models } = createStores(client);
    await Promise.all([models.getState().ensure(huntress, '2022-06'), models.getState().ensure(huntress, '2022-06')]);
    expect(client.calls).toEqual([{ method: 'model', argument: { platform: 'huntress', asOf: '2022-06-01' } }]);
    expect(models.getState().models['huntress@2022-06'].status).toBe('ready');
  });

  it('compares a model file picked for either side: `against` the earlier, `model` the later, each once', async () => {
    const client = fakeClient({ diffModel: () => ({ diff: {}, impact: null }) });
    const { models } = createStores(client);
    const mine = { path: '/up/huntress-2026-10.json', name: 'huntress-2026-10.json' };
    const draft = { path: '/up/huntress-draft.json', name: 'huntress-draft.json' };
    await models.getState().ensureDiff(huntress, 'pre-2022-06', mine, 3);
    await models.getState().ensureDiff(huntress, draft, mine, 3);
    await models.getState().ensureDiff(huntress, draft, mine, 3);
    expect(client.calls.map((c) => c.argument)).toEqual([
      { platform: 'huntress', from: '1970-01-01', model: mine, snapshotId: 3 },
      { platform: 'huntress', against: draft, model: mine, snapshotId: 3 },
    ]);
  });
});

describe('the tenant tree', () => {
  const nodes = [
    node(1, null, 'Northwind MSP', 'Northwind MSP', [2, 3]),
    node(2, 1, 'Bayside Dental', 'Northwind MSP/Bayside Dental'),
    node(3, 1, 'Alder & Finch', 'Northwind MSP/Alder & Finch'),
    node(4, null, 'Other MSP', 'Other MSP', [5]),
    node(5, 4, 'Dental Co', 'Other MSP/Dental Co'),
  ];

  it('shows children of expanded nodes, by name', () => {
    const index = indexTree(nodes);
    expect(visibleRows(index, new Set()).map((r) => r.node.name)).toEqual(['Northwind MSP', 'Other MSP']);
    const rows = visibleRows(index, new Set([1]));
    expect(rows.map((r) => [r.node.name, r.depth, r.expanded])).toEqual([
      ['Northwind MSP', 0, true],
      ['Alder & Finch', 1, false],
      ['Bayside Dental', 1, false],
      ['Other MSP', 0, false],
    ]);
  });

  it('filters to matches with their ancestors', () => {
    const rows = visibleRows(indexTree(nodes), new Set(), 'dental');
    expect(rows.map((r) => r.node.name)).toEqual(['Northwind MSP', 'Bayside Dental', 'Other MSP', 'Dental Co']);
  });

  it('loads with the roots open, reveals a scope, and reports errors', async () => {
    const client = fakeClient({ tree: () => ({ snapshot: snapshot(1), answer: nodes }) });
    const { tree } = createStores(client);
    await tree.getState().load(1);
    expect([...tree.getState().expanded]).toEqual([1, 4]);
    tree.getState().collapseAll();
    tree.getState().reveal('Other MSP/Dental Co');
    expect([...tree.getState().expanded]).toEqual([4]);
    await tree.getState().load(1);
    expect(client.calls).toHaveLength(1);

    client.handlers.tree = () => {
      throw new ApiError('not-found', 'no snapshot #2');
    };
    await tree.getState().load(2);
    expect(tree.getState().nodes.status).toBe('error');
  });
});

describe('who can', () => {
  const entry = {
    assignmentId: 1,
    roleId: 'org-admin',
    role: 'Admin',
    roleLabel: 'Admin · organization',
    assignedAt: 'A/B',
    reach: 'subtree' as const,
    permissionId: 'p',
    channels: ['api' as const],
    grantSource: [],
    sourceFile: 'x.csv',
    sourceLine: 4,
    userId: 1,
    email: 'a@x.example',
    name: 'A, Jr.',
    scope: 'A/B',
    includesBelow: true,
  };

  const window = (req: { from: number }) => ({
    snapshot: snapshot(1),
    answer: {
      permission: permission('p', 'P', 'C'),
      scope: 'A/B',
      channel: 'api',
      total: 1,
      people: 1,
      only: { ui: 0, api: 1 },
      from: req.from,
      entries: [entry],
    },
  });

  it('asks nothing without a permission, then asks with the scope, channel, filter and order', async () => {
    const client = fakeClient({ whoCanWindow: window });
    const { whoCan } = createStores(client);
    await whoCan.ask(1, 'A/B', '');
    expect(whoCan.entries.store.getState().status).toBe('idle');
    expect(client.calls).toHaveLength(0);
    whoCan.getState().setPermission('p');
    whoCan.getState().setChannel('api');
    await whoCan.ask(1, 'A/B', '');
    expect(client.calls[0].argument).toEqual({ snapshotId: 1, permission: 'p', scope: 'A/B', channel: 'api', from: 0, count: 200 });
    expect(whoCan.entries.store.getState()).toMatchObject({ status: 'ready', total: 1 });
    expect(whoCan.entries.rowAt(0)).toEqual(entry);
    whoCan.getState().setSort('email');
    await whoCan.ask(1, null, ' jr ');
    expect(client.calls[1].argument).toEqual({
      snapshotId: 1,
      permission: 'p',
      channel: 'api',
      search: 'jr',
      sort: 'email',
      from: 0,
      count: 200,
    });
  });

  it('keeps the error of a question that cannot be answered', async () => {
    const client = fakeClient({
      whoCanWindow: () => {
        throw new ApiError('input', 'no tenant node at "X"');
      },
    });
    const { whoCan } = createStores(client);
    whoCan.getState().setPermission('p');
    await whoCan.ask(1, 'X', '');
    expect(whoCan.entries.store.getState().error?.message).toBe('no tenant node at "X"');
  });

  it('knows a typed permission name only when it names exactly one permission', () => {
    const model = { permissions: [permission('logs', 'View Logs', 'Logs'), permission('log-export', 'View Logs export', 'Logs')] };
    expect(permissionNamed(model, '  view   LOGS ')).toBe('logs');
    expect(permissionNamed(model, 'View Log')).toBeNull();
    expect(permissionNamed({ permissions: [...model.permissions, permission('other', 'View Logs', 'Other')] }, 'View Logs')).toBeNull();
  });

  it('fetches the first rows while the permission is typed, and shows them when it is chosen without asking again', async () => {
    const answer = deferred<ReturnType<typeof window>>();
    const client = fakeClient({ whoCanWindow: () => answer.promise });
    const { whoCan } = createStores(client);
    whoCan.getState().setChannel('api');
    whoCan.prefetch(1, 'A/B', 'p');
    whoCan.prefetch(1, 'A/B', 'p');
    expect(client.calls.map((c) => c.argument)).toEqual([
      { snapshotId: 1, permission: 'p', scope: 'A/B', channel: 'api', from: 0, count: 200 },
    ]);
    expect(whoCan.entries.store.getState().status).toBe('idle');

    whoCan.getState().setPermission('p');
    const asked = whoCan.ask(1, 'A/B', '');
    answer.resolve(window({ from: 0 }));
    await asked;
    expect(client.calls).toHaveLength(1);
    expect(whoCan.entries.rowAt(0)).toEqual(entry);
  });

  it('asks afresh when what was fetched early is not the question chosen, or failed', async () => {
    let calls = 0;
    const client = fakeClient({
      whoCanWindow: (req: { from: number }) => {
        calls++;
        if (calls === 1) throw new ApiError('busy', 'busy');
        return window(req);
      },
    });
    const { whoCan } = createStores(client);
    whoCan.prefetch(1, null, 'p');
    whoCan.getState().setPermission('p');
    await whoCan.ask(1, null, '');
    expect(whoCan.entries.store.getState()).toMatchObject({ status: 'ready', total: 1 });

    whoCan.prefetch(1, null, 'q');
    whoCan.getState().setPermission('r');
    await whoCan.ask(1, null, '');
    expect(client.calls.map((c) => (c.argument as { permission: string }).permission)).toEqual(['p', 'p', 'q', 'r']);
  });
});

describe('the access matrix', () => {
  const TOTAL = 100_000;
  const permissions = [permission('a', 'Alpha', 'One'), permission('b', 'Beta', 'Two')];
  /** A back end holding a 100,000-person matrix: each window is made on demand, as the service slices its table. */
  const bigMatrix = () =>
    fakeClient({
      matrixWindow: (req: { from: number; count: number }) => ({
        snapshot: snapshot(1),
        answer: {
          scope: 'A',
          permissions,
          categories: ['One', 'Two'],
          roles: ['Admin', 'User'],
          total: TOTAL,
          from: req.from,
          rows: Array.from({ length: Math.max(0, Math.min(req.count, TOTAL - req.from)) }, (_, k) => ({
            userId: req.from + k,
            email: `user${req.from + k}@x.example`,
            name: `User ${req.from + k}`,
            roles: ['User @ A/B'],
            cells: ['all', 'none'],
          })),
        },
      }),
    });

  it('fetches only the rows in view and a margin, and never holds the whole matrix while scrolling it', async () => {
    const client = bigMatrix();
    const { matrix: store } = createStores(client);
    await store.load(1, 'A', '');
    expect(client.calls).toEqual([{ method: 'matrixWindow', argument: { snapshotId: 1, scope: 'A', from: 0, count: 200 } }]);
    expect(store.rows.store.getState()).toMatchObject({ status: 'ready', total: TOTAL });
    expect(store.rows.rowAt(199)?.email).toBe('user199@x.example');
    expect(store.rows.rowAt(200)).toBeUndefined();
    // Scroll from top to bottom, 20 rows in view at a time.
    for (let start = 0; start < TOTAL; start += 20) {
      store.rows.show(start, start + 20);
      await flush();
      expect(store.rows.rowAt(start)?.userId, `row ${start}`).toBe(start);
    }
    expect(store.rows.rowAt(TOTAL - 1)?.email).toBe(`user${TOTAL - 1}@x.example`);
    expect(store.rows.heldRows()).toBeLessThanOrEqual(24 * 200);
    expect(store.rows.rowAt(0)).toBeUndefined(); // the top was dropped on the way down
  });

  it('keeps the columns the same object as pages arrive, so rows already drawn are not drawn again', async () => {
    const client = bigMatrix();
    const fresh = client.handlers.matrixWindow!;
    // As over the wire: every answer is a new object.
    client.handlers.matrixWindow = (req: never) => structuredClone(fresh(req));
    const { matrix: store } = createStores(client);
    await store.load(1, 'A', '');
    const columns = store.rows.store.getState().meta?.permissions;
    store.rows.show(5_000, 5_020);
    await flush();
    expect(store.rows.rowAt(5_000)?.userId).toBe(5_000);
    expect(store.rows.store.getState().meta?.permissions).toBe(columns);
  });

  it('sends the filters and the order to the back end, asks again only when they change, and forgets them for another snapshot', async () => {
    const client = bigMatrix();
    client.handlers.snapshots = () => [snapshot(1), snapshot(2)];
    client.handlers.platforms = () => [huntress];
    client.handlers.samples = () => [];
    client.handlers.tree = () => ({ snapshot: snapshot(2), answer: [] });
    const { matrix: store, snapshots } = createStores(client);
    await snapshots.getState().load();
    snapshots.getState().select(1);
    client.calls.length = 0;
    await store.load(1, 'A', '');
    await store.load(1, 'A', '');
    expect(client.calls).toHaveLength(1);
    store.getState().setChannel('ui');
    store.getState().setCategories(['Two']);
    store.getState().setRole('Admin');
    store.getState().setSort('access');
    await store.load(1, 'A', ' stone ');
    expect(client.calls[1].argument).toEqual({
      snapshotId: 1,
      scope: 'A',
      channel: 'ui',
      categories: ['Two'],
      role: 'Admin',
      search: 'stone',
      sort: 'access',
      from: 0,
      count: 200,
    });
    snapshots.getState().select(2);
    await store.load(2, null, '');
    expect(client.calls.filter((c) => c.method === 'matrixWindow')[2].argument).toEqual({
      snapshotId: 2,
      channel: 'ui',
      sort: 'access',
      from: 0,
      count: 200,
    });
    expect(store.getState().categories).toEqual([]); // another snapshot, other categories
    expect(store.getState().role).toBeNull();
  });
});

describe('the import wizard', () => {
  const preview: FilePreview = {
    name: 'a.csv',
    headers: ['E-mail', 'Role', 'Account'],
    delimiter: ',',
    encoding: 'utf-8',
    mapping: { email: 'E-mail', role: 'Role', account: 'Account' },
    problems: [],
    firstRows: [['a@x.example', 'Admin', 'Acme']],
  };

  it('walks files → platform → columns → import and opens the result', async () => {
    const done = snapshot(5);
    const imported: SnapshotInfo[] = [];
    const client = fakeClient({
      pickFiles: () => [{ path: '/up/a.csv', name: 'a.csv' }],
      previewImport: () => [preview],
      importFiles: (_req, onProgress) => {
        onProgress?.({ file: 'a.csv', bytesRead: 50, totalBytes: 100, rows: 1 });
        return done;
      },
    });
    const wizard = createWizardStore(client, { onImported: (s) => void imported.push(s), defaultPlatform: () => 'huntress' });
    wizard.getState().start();
    expect(wizard.getState()).toMatchObject({ open: true, step: 'files', platform: 'huntress' });
    expect(wizard.getState().blocker()).toBe('Add at least one CSV file');
    await wizard.getState().next();
    expect(wizard.getState().step).toBe('files');

    await wizard.getState().pick();
    await wizard.getState().pick(); // the same file twice is one file
    expect(wizard.getState().files).toEqual([{ path: '/up/a.csv', name: 'a.csv' }]);
    await wizard.getState().next();
    expect(wizard.getState().step).toBe('details');
    wizard.getState().setAsOf('2021-13');
    expect(wizard.getState().blocker()).toBe('The date must be YYYY-MM-DD');
    wizard.getState().setAsOf('2021-05-01');
    wizard.getState().setName('  Q2 review ');
    await wizard.getState().next();
    expect(wizard.getState().step).toBe('mapping');
    expect(client.calls.at(-1)).toEqual({
      method: 'previewImport',
      argument: { files: [{ path: '/up/a.csv', name: 'a.csv' }], platform: 'huntress' },
    });

    await wizard.getState().setMapping('name', 'Account');
    expect(client.calls.at(-1)?.argument).toMatchObject({ mapping: { name: 'Account' } });
    await wizard.getState().setMapping('name', '');
    expect(client.calls.at(-1)?.argument).toMatchObject({ mapping: { name: '' } });
    await wizard.getState().setMapping('name', null);
    expect(client.calls.at(-1)?.argument).not.toHaveProperty('mapping');

    await wizard.getState().next();
    expect(wizard.getState().step).toBe('import');
    expect(client.calls.at(-1)?.argument).toEqual({
      importId: expect.any(String),
      files: [{ path: '/up/a.csv', name: 'a.csv' }],
      platform: 'huntress',
      asOf: '2021-05-01',
      name: 'Q2 review',
    });
    expect(wizard.getState().progress['a.csv']).toMatchObject({ bytesRead: 50, totalBytes: 100 });
    expect(wizard.getState().result).toEqual({ status: 'ready', data: done });
    expect(imported).toEqual([done]);
  });

  it('keeps every problem of a failed import, and can go back', async () => {
    const problems = [
      { file: 'a.csv', line: 3, message: 'malformed email "x"' },
      { file: 'a.csv', line: 9, message: 'unknown role "Boss"' },
    ];
    const client = fakeClient({
      filesFromDrop: (files: File[]) => files.map((f) => ({ path: `/up/${f.name}`, name: f.name })),
      previewImport: () => [preview],
      importFiles: () => {
        throw new ApiError('input', 'import failed: 2 problems in a.csv; nothing was imported', problems);
      },
    });
    const imported: SnapshotInfo[] = [];
    const wizard = createWizardStore(client, { onImported: (s) => void imported.push(s), defaultPlatform: () => 'huntress' });
    wizard.getState().start();
    await wizard.getState().drop([new File(['x'], 'a.csv')]);
    await wizard.getState().next();
    await wizard.getState().next();
    await wizard.getState().next();
    const result = wizard.getState().result;
    expect(result.status).toBe('error');
    expect(result.status === 'error' && result.error.problems).toEqual(problems);
    expect(imported).toEqual([]);
    wizard.getState().back();
    expect(wizard.getState()).toMatchObject({ step: 'mapping', result: { status: 'idle' } });
  });

  it('cancels the running import by the id it gave it, says nothing was written, and can go back', async () => {
    const running = deferred<SnapshotInfo>();
    const client = fakeClient({
      previewImport: () => [preview],
      importFiles: () => running.promise,
      cancelImport: () => {
        running.reject(new ApiError('cancelled', 'the import was cancelled; nothing was written'));
        return { cancelled: true };
      },
    });
    const imported: SnapshotInfo[] = [];
    const wizard = createWizardStore(client, { onImported: (s) => void imported.push(s), defaultPlatform: () => 'huntress' });
    wizard.getState().start([{ path: '/up/a.csv', name: 'a.csv' }]);
    await wizard.getState().next();
    await wizard.getState().next();
    const run = wizard.getState().next();
    await flush();
    expect(wizard.getState()).toMatchObject({ step: 'import', result: { status: 'loading' }, cancelling: false });
    const { importId } = client.calls.find((c) => c.method === 'importFiles')?.argument as { importId: string };
    expect(importId).toMatch(/^[0-9a-f-]{36}$/);

    await wizard.getState().cancel();
    expect(client.calls.at(-1)).toEqual({ method: 'cancelImport', argument: { importId } });
    await run;
    expect(wizard.getState()).toMatchObject({ result: { status: 'error', error: { kind: 'cancelled' } }, cancelling: false });
    expect(imported).toEqual([]);
    wizard.getState().back();
    expect(wizard.getState()).toMatchObject({ step: 'mapping', result: { status: 'idle' } });
  });

  it('goes on with an import it is too late to cancel', async () => {
    const running = deferred<SnapshotInfo>();
    const client = fakeClient({ importFiles: () => running.promise, cancelImport: () => ({ cancelled: false }) });
    const wizard = createWizardStore(client, { defaultPlatform: () => 'huntress' });
    wizard.getState().start([{ path: '/a.csv' }]);
    const run = wizard.getState().run();
    await flush();
    await wizard.getState().cancel();
    expect(wizard.getState()).toMatchObject({ result: { status: 'loading' }, cancelling: false });
    running.resolve(snapshot(1));
    expect(await run).toEqual(snapshot(1));
    expect(wizard.getState().result).toEqual({ status: 'ready', data: snapshot(1) });
  });

  it('cannot be closed while the import runs', async () => {
    const running = deferred<SnapshotInfo>();
    const client = fakeClient({ importFiles: () => running.promise });
    const wizard = createWizardStore(client, { defaultPlatform: () => 'huntress' });
    wizard.getState().start([{ path: '/a.csv' }]);
    const run = wizard.getState().run();
    await flush();
    wizard.getState().close();
    expect(wizard.getState().open).toBe(true);
    running.resolve(snapshot(1));
    await run;
    wizard.getState().close();
    expect(wizard.getState().open).toBe(false);
  });
});

describe('search helpers', () => {
  it('finds options by every word, in label, group or keywords', () => {
    const options = [
      { value: 'a', label: 'View Blocking Mode', group: 'Blocking' },
      { value: 'b', label: 'Set Blocking Mode', group: 'Blocking' },
      { value: 'c', label: 'View Logs', group: 'Logs', keywords: 'logs.view' },
    ];
    expect(filterOptions(options, 'view').map((o) => o.value)).toEqual(['a', 'c']);
    expect(filterOptions(options, 'blocking set').map((o) => o.value)).toEqual(['b']);
    expect(filterOptions(options, 'logs.view').map((o) => o.value)).toEqual(['c']);
    expect(filterOptions(options, '')).toHaveLength(3);
  });
});
