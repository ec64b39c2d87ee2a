import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppService, appHandlers, dispatch } from '../../../../electron/core/app';
import type { UiEvent } from '../../../../shared/ipc';

describe('a favourite or console page changes one row: the windows re-read that row, not the whole list', () => {
  it('the changed event names the profile; profiles:list {names} answers only its row', async () => {
    const service = new AppService({
      home: join(mkdtempSync(join(tmpdir(), 'tobira-app-row-')), 'h'),
      env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' },
      platform: { mode: 'browser', systemLang: 'en' },
    });
    const handlers = appHandlers(service);
    for (const name of ['a', 'b', 'c']) {
      await dispatch(handlers, 'profiles:add', {
        type: 'aws-iam-user',
        name,
        options: { accessKeyId: 'AKIAROW0000000000001' },
        secret: 'canaryRowSecret/0123456789abcdefghijklmnop',
      });
    }
    const events: UiEvent[] = [];
    service.onEvent((event) => events.push(event));
    await dispatch(handlers, 'profiles:favourite', { name: 'b', favourite: true });
    await dispatch(handlers, 'profiles:consolePage', { name: 'c', page: { service: 'ec2' } });
    expect(events).toEqual([
      { kind: 'changed', topics: ['profiles'], profiles: ['b'] },
      { kind: 'changed', topics: ['profiles'], profiles: ['c'] },
    ]);
    const rows = await dispatch(handlers, 'profiles:list', { names: ['b', 'nosuch'] });
    expect(rows).toMatchObject({ ok: true, value: [{ name: 'b', favourite: true }] });
    if (!rows.ok) throw new Error('no rows');
    expect(rows.value).toHaveLength(1);
    // Anything else that changes the list (a rename here) still asks for the whole list.
    events.length = 0;
    await dispatch(handlers, 'profiles:rename', { from: 'a', to: 'z' });
    expect(events).toEqual([{ kind: 'changed', topics: ['profiles'] }]);
    expect(await dispatch(handlers, 'profiles:list', { names: [] })).toMatchObject({ ok: false });
  });
});
