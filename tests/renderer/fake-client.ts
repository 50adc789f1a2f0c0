// A Client for store tests: every call answers from a handler the test sets, and is recorded.
import {
  API_METHODS,
  type ImportProgress,
  type MenuCommand,
  type PlatformSummary,
  type SnapshotInfo,
  type TreeNode,
} from '../../shared/api';
import { ApiError, type Client } from '../../renderer/api/bridge';

type Handler = (argument: never, onProgress?: (p: ImportProgress) => void) => unknown;

export interface FakeClient extends Client {
  calls: { method: string; argument: unknown }[];
  handlers: Partial<Record<keyof Client, Handler>>;
  progress: Set<(p: ImportProgress) => void>;
}

const METHODS = [...API_METHODS, 'pickFiles', 'pickModelFile', 'filesFromDrop', 'saveText'] as const;

export function fakeClient(handlers: Partial<Record<keyof Client, Handler>> = {}): FakeClient {
  const client = {
    mode: 'browser',
    calls: [] as FakeClient['calls'],
    handlers,
    progress: new Set<(p: ImportProgress) => void>(),
    onMenuCommand: (_listener: (command: MenuCommand) => void) => () => {},
    onImportProgress(listener: (p: ImportProgress) => void) {
      client.progress.add(listener);
      return () => client.progress.delete(listener);
    },
  } as unknown as FakeClient;
  for (const method of METHODS) {
    (client as unknown as Record<string, unknown>)[method] = async (argument: never, extra?: unknown) => {
      client.calls.push({ method, argument });
      const handler = client.handlers[method];
      if (!handler) throw new ApiError('internal', `no fake for ${method}`);
      return handler(argument, extra as (p: ImportProgress) => void);
    };
  }
  return client;
}

/** A promise with its resolve/reject handles, to control when a fake answers. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

export function snapshot(id: number, extra: Partial<SnapshotInfo> = {}): SnapshotInfo {
  return {
    id,
    name: `Snapshot ${id}`,
    platform: 'huntress',
    modelVersion: '2022-06',
    model: { origin: 'built-in', name: 'Huntress', sha256: null, fileName: null },
    asOf: null,
    importedAt: `2026-11-0${id}T10:00:00.000Z`,
    files: [{ name: 'export.csv', sha256: 'ab'.repeat(32), size: 100, rows: 3, encoding: 'utf-8' }],
    userCount: 2,
    nodeCount: 2,
    assignmentCount: 3,
    ...extra,
  };
}

export const huntress: PlatformSummary = {
  id: 'huntress',
  name: 'Huntress',
  levels: [
    { id: 'account', name: 'Account' },
    { id: 'organization', name: 'Organization' },
  ],
  versions: [
    { id: 'pre-2022-06', effectiveFrom: null, note: 'before', source: [] },
    { id: '2022-06', effectiveFrom: '2022-06-01', note: 'after', source: [] },
  ],
};

export function node(id: number, parentId: number | null, name: string, path: string, childIds: number[] = []): TreeNode {
  return {
    id,
    parentId,
    depth: parentId === null ? 0 : 1,
    name,
    path,
    level: parentId === null ? 'account' : 'organization',
    childIds,
    userCount: 1,
    peopleWithAccess: 1,
    assignmentCount: 1,
    subtreeAssignmentCount: 1,
  };
}
