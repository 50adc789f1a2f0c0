// The seed pages the why-chain cites: each fetched once however many citations show it, and the
// viewer's citation opened and closed.
import { describe, expect, it } from 'vitest';
import { createStores } from '../../renderer/state/stores';
import { fakeClient } from './fake-client';

const page = {
  file: '000_96d95d6678d9722e.txt',
  title: 'Setting Huntress User Permissions',
  platform: 'huntress',
  platformName: 'Huntress',
  lines: ['Setting Huntress User Permissions'],
};

describe('the seeds store', () => {
  it('asks for a page once, however many citations show it', async () => {
    const client = fakeClient({ seed: () => page });
    const { seeds } = createStores(client);
    await Promise.all([seeds.getState().ensure(page.file), seeds.getState().ensure(page.file)]);
    await seeds.getState().ensure(page.file);
    expect(client.calls).toEqual([{ method: 'seed', argument: { file: page.file } }]);
    expect(seeds.getState().pages[page.file]).toEqual({ status: 'ready', data: page });
  });

  it('opens the viewer at a citation, loading its page, and closes it', async () => {
    const client = fakeClient({ seed: () => page });
    const { seeds } = createStores(client);
    seeds.getState().view({ file: page.file, line: 63 });
    expect(seeds.getState().viewing).toEqual({ file: page.file, line: 63 });
    expect(client.calls.map((c) => c.method)).toEqual(['seed']);
    seeds.getState().close();
    expect(seeds.getState().viewing).toBeNull();
  });
});
