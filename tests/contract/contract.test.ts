// The contract as every host applies it: one schema per call refuses a malformed argument with a
// message naming its path, and the renderer's clients offer exactly the contract's calls.
import { describe, expect, it } from 'vitest';
import { API, API_METHODS, parseArgument, validateCall, type DesktopBridge } from '../../shared/api';
import { AuditError } from '../../shared/errors';
import { createDesktopClient } from '../../renderer/api/desktop-bridge';
import { createHttpClient } from '../../renderer/api/http-bridge';

/** The usage error's message for a call, or null when the argument is valid. */
function refusal(method: string, argument: unknown): string | null {
  try {
    validateCall(method, argument);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).kind).toBe('usage');
    return (error as AuditError).message;
  }
}

describe('the argument schemas', () => {
  it.each(API_METHODS)('%s refuses an unknown property, naming it', (method) => {
    expect(refusal(method, { bogus: 1 })).toMatch(
      new RegExp(`^invalid arguments for ${method}: .*argument\\.bogus is not a known property`),
    );
  });

  it('names the path of a nested problem', () => {
    expect(refusal('previewImport', { files: [{ path: 7 }], platform: 'huntress' })).toBe(
      'invalid arguments for previewImport: argument.files[0].path must be a string, got 7',
    );
    expect(refusal('importFiles', { files: [{ path: '/a.csv', size: 1 }], platform: 'huntress', mapping: { 'E-mail': 3 } })).toBe(
      'invalid arguments for importFiles: argument.files[0].size is not a known property; argument.mapping["E-mail"] must be a string, got 3',
    );
  });

  it('says what is missing and what is of the wrong kind', () => {
    expect(refusal('can', { email: 'a@b.example', permission: 'x' })).toBe('invalid arguments for can: argument.scope is required');
    expect(refusal('whoCan', { permission: 'x', channel: 'fax' })).toBe(
      'invalid arguments for whoCan: argument.channel must be one of ui, api, got "fax"',
    );
    expect(refusal('importFiles', { files: [], platform: 'huntress', allowDuplicate: 'yes' })).toBe(
      'invalid arguments for importFiles: argument.allowDuplicate must be true or false, got "yes"',
    );
    expect(refusal('model', { platform: 'huntress', asOf: '1 May 2022' })).toBe(
      'invalid arguments for model: argument.asOf must be a date written YYYY-MM-DD, got "1 May 2022"',
    );
    expect(refusal('platforms', null)).toBe('invalid arguments for platforms: argument must be an object, not null');
  });

  it('keeps whole numbers in range', () => {
    expect(refusal('users', { limit: 100_000, offset: 0 })).toBeNull();
    expect(refusal('users', { limit: 0 })).toBe(
      'invalid arguments for users: argument.limit must be a whole number from 1 to 100000, got 0',
    );
    expect(refusal('users', { offset: 1.5 })).toBe(
      'invalid arguments for users: argument.offset must be a whole number of at least 0, got 1.5',
    );
    expect(refusal('deleteSnapshot', {})).toBe('invalid arguments for deleteSnapshot: argument.snapshotId is required');
  });

  it('limits lengths: strings, lists and dictionaries', () => {
    expect(refusal('whoCan', { permission: 'x'.repeat(201) })).toBe(
      'invalid arguments for whoCan: argument.permission is too long (at most 200 characters)',
    );
    expect(refusal('whoCan', { permission: '  ' })).toBe(
      'invalid arguments for whoCan: argument.permission must not be only spaces, got "  "',
    );
    const files = Array.from({ length: 51 }, (_, i) => ({ path: `/f${i}.csv` }));
    expect(refusal('previewImport', { files, platform: 'huntress' })).toBe(
      'invalid arguments for previewImport: argument.files has more than 50 items',
    );
    const set = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'v']));
    expect(refusal('previewImport', { files: [], platform: 'huntress', set })).toBe(
      'invalid arguments for previewImport: argument.set has more than 50 entries',
    );
  });

  it('serves only seed files by name: no folders, no other characters', () => {
    expect(refusal('seed', { file: '000_96d95d6678d9722e.txt' })).toBeNull();
    for (const file of ['../../package.json', 'seeds/000.txt', 'a b.txt', '000.md']) {
      expect(refusal('seed', { file })).toMatch(
        /^invalid arguments for seed: argument\.file must be a seed file name such as 000_96d95d6678d9722e\.txt, got /,
      );
    }
  });

  it('refuses a call that is not in the contract', () => {
    expect(refusal('dropTables', {})).toBe('unknown API call "dropTables"');
    expect(refusal('toString', {})).toBe('unknown API call "toString"');
  });

  it('parseArgument returns the argument as the schema reads it', () => {
    expect(parseArgument('whoCan', API.whoCan.argument, { permission: 'View users', snapshotId: 2 })).toEqual({
      permission: 'View users',
      snapshotId: 2,
    });
  });
});

describe('the clients', () => {
  const hostCommands = [
    'mode',
    'pickFiles',
    'pickModelFile',
    'filesFromDrop',
    'saveText',
    'downloadExport',
    'onMenuCommand',
    'onImportProgress',
  ];

  it('the HTTP and desktop clients offer every call of the contract and nothing else', () => {
    const http = createHttpClient({ token: 't', fetch: (async () => new Response('{}')) as unknown as typeof fetch });
    const desktop = createDesktopClient({} as DesktopBridge);
    for (const client of [http, desktop]) expect(Object.keys(client).sort()).toEqual([...API_METHODS, ...hostCommands].sort());
  });

  it('only the calls that report progress listen for it', async () => {
    const listened: string[] = [];
    const bridge = Object.fromEntries(
      API_METHODS.map((method) => [method, async () => ({ ok: true, value: method })]),
    ) as unknown as DesktopBridge;
    bridge.onImportProgress = () => {
      listened.push('progress');
      return () => listened.push('done');
    };
    const client = createDesktopClient(bridge);
    const call = (method: string) =>
      (client as unknown as Record<string, (a: unknown, p: () => void) => Promise<unknown>>)[method]({}, () => {});
    for (const method of API_METHODS) await expect(call(method)).resolves.toBe(method);
    expect(listened).toEqual(['progress', 'done']);
    expect(API_METHODS.filter((m) => API[m].progress)).toEqual(['importFiles']);
  });
});
