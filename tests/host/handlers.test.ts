// The desktop host's IPC handlers under plain Node: a fake ipcMain, fake frames and the real service.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainEvent, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, type ApiResult, type AuditApi } from '../../shared/api';
import { IPC } from '../../electron/ipc/channels';
import { registerHandlers, type HostDialogs } from '../../electron/ipc/handlers';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';

type Handler = (event: IpcMainInvokeEvent, argument: unknown) => Promise<ApiResult<unknown>>;

const root = path.resolve(__dirname, '../..');
const appFrame = { url: 'app://renderer/index.html' } as WebFrameMain;
const strangerFrame = { url: 'https://evil.example/' } as WebFrameMain;

let service: AuditService;
let handlers: Map<string, Handler>;
let dropped: (event: IpcMainEvent, file: unknown) => void;
let picked: { path: string; name: string }[] | null = [{ path: '/tmp/picked.csv', name: 'picked.csv' }];
let pickedModel: { path: string; name: string } | null = null;
let registered: string[];
const calls: string[] = [];
const sent: [string, unknown][] = [];
const saved: [string, string][] = [];

function event(frame: WebFrameMain | null): IpcMainInvokeEvent {
  return {
    senderFrame: frame,
    sender: { isDestroyed: () => false, send: (channel: string, value: unknown) => sent.push([channel, value]) },
  } as unknown as IpcMainInvokeEvent;
}

const CHANNELS = [...API_METHODS.map((m) => IPC.api(m)), IPC.chooseFiles, IPC.chooseModelFile, IPC.saveText];

/** A file dropped on the window, as the preload reports it; returns what the main process answered. */
function drop(file: unknown, frame: WebFrameMain | null = appFrame): unknown {
  const event = { senderFrame: frame, returnValue: undefined as unknown };
  dropped(event as unknown as IpcMainEvent, file);
  return event.returnValue;
}

function writeCsv(prefix: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), 'users.csv');
  fs.writeFileSync(file, text);
  return file;
}
const invoke = (channel: string, argument: unknown, frame: WebFrameMain | null = appFrame) =>
  handlers.get(channel)!(event(frame), argument);

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-ipc-'));
  service = openAuditService({ dbPath: path.join(dir, 'audit.db'), resourcesDir: path.join(root, 'resources') });
  // Record which service methods run, so a refused call can be shown never to reach the service.
  const recording = new Proxy(service, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? (...args: unknown[]) => (calls.push(String(name)), value.apply(target, args)) : value;
    },
  }) as AuditApi;
  handlers = new Map();
  const dialogs: HostDialogs = {
    chooseCsvFiles: async () => picked,
    chooseModelFile: async () => pickedModel,
    saveText: async (name, text) => (saved.push([name, text]), true),
  };
  const ipcMain = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    on: (channel: string, listener: typeof dropped) => {
      expect(channel).toBe(IPC.droppedFile);
      dropped = listener;
    },
  };
  registered = registerHandlers(ipcMain as never, recording, {
    isTrustedSender: (frame) => frame === appFrame,
    dialogs,
  });
});

afterAll(() => service.close());

describe('IPC handlers', () => {
  it('registers one handler per call of the contract, plus the host commands', () => {
    expect(registered).toEqual([...CHANNELS, IPC.droppedFile]);
    expect(registered).toContain('api:whoCan');
    expect([...handlers.keys()]).toEqual(CHANNELS);
  });

  it.each(API_METHODS)('%s rejects invalid arguments before any service runs', async (method) => {
    calls.length = 0;
    for (const bad of [null, 'text', [], { bogus: 1 }]) {
      const result = await invoke(IPC.api(method), bad);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.kind).toBe('usage');
        expect(result.error.message).toMatch(new RegExp(`^invalid arguments for ${method}: argument`));
      }
    }
    expect(calls).toEqual([]);
  });

  it.each(CHANNELS)('%s refuses a sender that is not the app window', async (channel) => {
    calls.length = 0;
    for (const frame of [strangerFrame, null]) {
      const result = await invoke(channel, {}, frame);
      expect(result).toEqual({
        ok: false,
        error: { kind: 'usage', message: 'refused: the call did not come from the Permission Auditor window', problems: [] },
      });
    }
    expect(calls).toEqual([]);
    expect(saved).toEqual([]);
  });

  it('answers a valid call from the app window through the service', async () => {
    const result = await invoke(IPC.api('model'), { platform: 'huntress', asOf: '2022-01-01' });
    expect(result.ok).toBe(true);
    if (result.ok) expect((result.value as { version: { id: string } }).version.id).toBe('pre-2022-06');
  });

  it('refuses an impossible as-of date (2022-02-30) for the model and for an import, in words that fit any host', async () => {
    const error = { kind: 'input', message: 'the as-of date must be a day of the calendar written YYYY-MM-DD, got "2022-02-30"' };
    expect(await invoke(IPC.api('model'), { platform: 'huntress', asOf: '2022-02-30' })).toMatchObject({ ok: false, error });
    const file = writeCsv('permaudit-ipc-date-', 'email,name,role,account\nann@x.test,Ann,Admin,Acme\n');
    drop(file);
    const before = service.snapshots({});
    expect(await invoke(IPC.api('importFiles'), { files: [{ path: file }], platform: 'huntress', asOf: '2022-02-30' })).toMatchObject({
      ok: false,
      error,
    });
    expect(service.snapshots({})).toEqual(before);
  });

  it('returns typed errors: the kind, the message and every FILE:LINE problem', async () => {
    const missing = await invoke(IPC.api('whoCan'), { permission: 'View users' });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found', message: expect.stringContaining('no snapshots') } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-ipc-bad-'));
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'email,name,role,account,organization\nann@x.test,Ann,Superuser,Acme,\n');
    drop(bad);
    const failed = await invoke(IPC.api('importFiles'), { files: [{ path: bad }], platform: 'huntress' });
    expect(failed).toMatchObject({ ok: false, error: { kind: 'input', problems: [{ file: 'bad.csv', line: 2 }] } });
  });

  it('imports a sample with progress sent to the calling window', async () => {
    sent.length = 0;
    const [sample] = service.samples({});
    const result = await invoke(IPC.api('importFiles'), { files: sample.files, platform: sample.platform });
    expect(result.ok).toBe(true);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every(([channel]) => channel === IPC.importProgress)).toBe(true);
    expect(sent.at(-1)![1]).toMatchObject({ file: sample.files[0].name });

    // The people list follows the scope: everyone with access at the tenant, those whose roles reach
    // it from above marked with where they hold them.
    const everyone = await invoke(IPC.api('users'), {});
    const scoped = await invoke(IPC.api('users'), { scope: 'Northwind MSP/Bayside Dental' });
    if (!everyone.ok || !scoped.ok) throw new Error('users failed');
    const people = (scoped.value as { answer: { total: number; users: { email: string; inheritedFrom?: string[] }[] } }).answer;
    expect(people.total).toBeGreaterThan(0);
    expect(people.total).toBeLessThan((everyone.value as { answer: { total: number } }).answer.total);
    const byEmail = new Map(people.users.map((u) => [u.email, u]));
    expect(byEmail.get('maria.santos@bayside-dental.example')?.inheritedFrom).toBeUndefined();
    expect(byEmail.get('daniel.okonkwo@northwind-msp.example')?.inheritedFrom).toEqual(['Northwind MSP']);
    // Who can counts the same people.
    const who = await invoke(IPC.api('whoCan'), { permission: 'Approve Assisted Remediation', scope: 'Northwind MSP/Bayside Dental' });
    if (!who.ok) throw new Error('whoCan failed');
    const holders = (who.value as { answer: { entries: { email: string }[] } }).answer.entries.map((e) => e.email);
    for (const email of holders) expect(byEmail.has(email), email).toBe(true);
    expect(await invoke(IPC.api('users'), { scope: 'Northwind MSP/Nowhere' })).toMatchObject({
      ok: false,
      error: { kind: 'input', message: 'no tenant node at "Northwind MSP/Nowhere" (paths are names from the root joined by "/")' },
    });
  });

  it('serves a cited vendor page through the service and over IPC, and no other file', async () => {
    const page = service.seed({ file: '002_6448edd43804835f.txt' });
    expect(page).toMatchObject({
      file: '002_6448edd43804835f.txt',
      title: 'User Roles and Permissions Matrix',
      platform: 'hyas-protect',
      platformName: 'HYAS Protect',
    });
    expect(page.lines[15]).toBe('View Blocking Mode | β | β | π - UI β - API | β | π - UI β - API | π - UI β - API |');
    expect(await invoke(IPC.api('seed'), { file: '000_96d95d6678d9722e.txt' })).toMatchObject({
      ok: true,
      value: { title: 'Setting Huntress User Permissions', lines: expect.arrayContaining(['- Approve Assisted Remediation']) },
    });
    expect(await invoke(IPC.api('seed'), { file: '../../package.json' })).toMatchObject({ ok: false, error: { kind: 'usage' } });
    expect(await invoke(IPC.api('seed'), { file: 'README.txt' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: 'no seed page "README.txt"' },
    });
  });

  it('opens the file dialog and saves text only with valid arguments', async () => {
    expect(await invoke(IPC.chooseFiles, undefined)).toEqual({ ok: true, value: [{ path: '/tmp/picked.csv', name: 'picked.csv' }] });
    const bad = await invoke(IPC.saveText, { suggestedName: '', text: 1 });
    expect(bad).toMatchObject({
      ok: false,
      error: { kind: 'usage', message: expect.stringContaining('argument.suggestedName must not be empty') },
    });
    expect(saved).toEqual([]);
    expect(await invoke(IPC.saveText, { suggestedName: 'matrix.csv', text: 'a,b\n' })).toEqual({ ok: true, value: true });
    expect(saved).toEqual([['matrix.csv', 'a,b\n']]);
  });
});

describe('IPC imports only files the user chose', () => {
  const text = 'email,name,role,account\nann@x.test,Ann,Admin,Acme\n';
  const notChosen = (name: string) => ({
    ok: false,
    error: {
      kind: 'usage',
      message: `${name} was not chosen in the open dialog or dropped on the window; the app reads only files you choose and the bundled samples`,
    },
  });

  it.each(['previewImport', 'importFiles'] as const)(
    '%s refuses a path the renderer names on its own, before reading it',
    async (method) => {
      calls.length = 0;
      const file = writeCsv('permaudit-ipc-unchosen-', text);
      expect(await invoke(IPC.api(method), { files: [{ path: file }], platform: 'huntress' })).toMatchObject(notChosen('users.csv'));
      expect(
        await invoke(IPC.api(method), { files: [{ path: path.join(root, 'package.json'), name: 'x.csv' }], platform: 'huntress' }),
      ).toMatchObject(notChosen('x.csv'));
      // One unchosen file among chosen ones refuses the whole call.
      const [sample] = service.samples({});
      expect(await invoke(IPC.api(method), { files: [...sample.files, { path: '/etc/passwd' }], platform: sample.platform })).toMatchObject(
        notChosen('passwd'),
      );
      expect(calls).toEqual([]);
    },
  );

  it('refuses a model or rules file the user did not choose, in an import, a preview, a model diff or findings, before reading it', async () => {
    calls.length = 0;
    const [sample] = service.samples({});
    const model = { path: path.join(root, 'resources/models/acme-edr.json'), name: 'acme-edr.json' };
    expect(await invoke(IPC.api('previewImport'), { files: sample.files, model })).toMatchObject(notChosen('acme-edr.json'));
    expect(await invoke(IPC.api('importFiles'), { files: sample.files, model })).toMatchObject(notChosen('acme-edr.json'));
    expect(await invoke(IPC.api('diffModel'), { platform: 'huntress', against: { path: '/etc/passwd' } })).toMatchObject(
      notChosen('passwd'),
    );
    expect(await invoke(IPC.api('findings'), { rules: { path: '/etc/passwd' } })).toMatchObject(notChosen('passwd'));
    expect(calls).toEqual([]);
  });

  it('reads a file picked in the open dialog', async () => {
    const file = writeCsv('permaudit-ipc-picked-', text);
    expect(await invoke(IPC.api('previewImport'), { files: [{ path: file }], platform: 'huntress' })).toMatchObject(notChosen('users.csv'));
    picked = [{ path: file, name: 'users.csv' }];
    try {
      expect(await invoke(IPC.chooseFiles, undefined)).toEqual({ ok: true, value: picked });
    } finally {
      picked = [{ path: '/tmp/picked.csv', name: 'picked.csv' }];
    }
    expect(await invoke(IPC.api('previewImport'), { files: [{ path: file }], platform: 'huntress' })).toMatchObject({ ok: true });
  });

  it('reads a model file picked in the model file dialog: what it defines, or its problems by line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-ipc-model-'));
    const good = path.join(dir, 'acme-edr.json');
    const text = fs.readFileSync(path.join(root, 'resources/models/acme-edr.json'), 'utf8');
    fs.writeFileSync(good, text);
    expect(await invoke(IPC.api('model'), { model: { path: good } })).toMatchObject(notChosen('acme-edr.json'));
    expect(await invoke(IPC.chooseModelFile, undefined)).toEqual({ ok: true, value: null });

    pickedModel = { path: good, name: 'acme-edr.json' };
    expect(await invoke(IPC.chooseModelFile, undefined)).toEqual({ ok: true, value: pickedModel });
    expect(await invoke(IPC.api('model'), { model: pickedModel })).toMatchObject({
      ok: true,
      value: {
        platform: { id: 'acme-edr', name: 'Acme EDR' },
        origin: { origin: 'user', name: 'Acme EDR', fileName: 'acme-edr.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      },
    });
    // Picking a model file lets only that file be read, not the CSV files beside it.
    const csv = path.join(dir, 'users.csv');
    fs.writeFileSync(csv, text);
    expect(await invoke(IPC.api('previewImport'), { files: [{ path: csv }], model: pickedModel })).toMatchObject(notChosen('users.csv'));

    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, text.replace('"alerts.close" }', '"alerts.clos" }'));
    pickedModel = { path: broken, name: 'broken.json' };
    await invoke(IPC.chooseModelFile, undefined);
    const refused = await invoke(IPC.api('model'), { model: pickedModel });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'input', message: 'broken.json is not a valid role model:' } });
    if (!refused.ok) {
      expect(refused.error.problems).toEqual([
        {
          file: 'broken.json',
          line: text.split('\n').findIndex((line) => line.includes('"alerts.close" }')) + 1,
          message: 'roles[0].grants[4].permission: unknown permission "alerts.clos"; did you mean "alerts.close"?',
        },
      ]);
    }
    pickedModel = null;
  });

  it('reads a dropped file, reported by the app window only, as an absolute path', async () => {
    const file = writeCsv('permaudit-ipc-dropped-', text);
    expect(drop(file, strangerFrame)).toBe(false);
    expect(drop(file, null)).toBe(false);
    expect(drop(path.relative(process.cwd(), file))).toBe(false);
    expect(drop(''), 'a File the page made itself has no path').toBe(false);
    expect(drop({ path: file })).toBe(false);
    expect(await invoke(IPC.api('previewImport'), { files: [{ path: file }], platform: 'huntress' })).toMatchObject(notChosen('users.csv'));
    expect(drop(file)).toBe(true);
    expect(await invoke(IPC.api('previewImport'), { files: [{ path: file }], platform: 'huntress' })).toMatchObject({ ok: true });
  });

  it('reads the bundled samples without asking', async () => {
    for (const sample of service.samples({})) {
      expect(
        await invoke(IPC.api('previewImport'), { files: sample.files, platform: sample.platform }),
        sample.files[0].name,
      ).toMatchObject({ ok: true });
    }
  });
});
