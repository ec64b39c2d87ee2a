import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfilesFile } from '../../../../electron/core/vault';
import { FILE_STORE_ENV, runTobira, spawnTobira, tempHome } from '../../../harness/cli';

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function readProfiles(home: string) {
  return ProfilesFile.parse(JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')));
}

describe('profiles.json under concurrency and crashes', () => {
  it.each([
    ['keychain', { TOBIRA_SECRET_STORE: 'keychain' }],
    ['file', FILE_STORE_ENV],
  ])('20 parallel profile add processes all land (%s store)', async (_store, env) => {
    const home = tempHome();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        runTobira(['profile', 'add', `p${index}`, '--type', 'totp'], { home, env, input: `${SEED}\n` }),
      ),
    );
    expect(results.map((result) => result.code)).toEqual(Array(20).fill(0));
    const names = readProfiles(home).profiles.map((profile) => profile.name);
    expect(names.sort()).toEqual(Array.from({ length: 20 }, (_, index) => `p${index}`).sort());
    const codes = await Promise.all(names.map((name) => runTobira(['otp', name], { home, env })));
    expect(codes.every((result) => result.code === 0)).toBe(true);
  });

  it('kill -9 at random moments during writes always leaves a valid profiles.json with every finished add', async () => {
    const home = tempHome();
    const env = { TOBIRA_SECRET_STORE: 'keychain' };
    await runTobira(['profile', 'add', 'seed', '--type', 'totp'], { home, env, input: `${SEED}\n` });
    const finished = new Set(['seed']);
    let killed = 0;
    for (let round = 0; round < 6; round += 1) {
      const children = Array.from({ length: 6 }, (_, index) => {
        const name = `r${round}-${index}`;
        const child = spawnTobira(['profile', 'add', name, '--type', 'totp'], {
          home,
          env,
          input: `${SEED}\n`,
        });
        const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
        setTimeout(() => child.kill('SIGKILL'), 20 + Math.floor(Math.random() * 200));
        return { name, exit };
      });
      for (const { name, exit } of children) {
        const code = await exit;
        if (code === 0) finished.add(name);
        else killed += 1;
      }
      const file = readProfiles(home); // throws if torn or invalid
      const names = new Set(file.profiles.map((profile) => profile.name));
      for (const name of finished) expect(names.has(name), name).toBe(true);
    }
    expect(killed).toBeGreaterThan(0);
    // The store still takes writes after all those crashes (stale locks are taken over).
    const after = await runTobira(['profile', 'add', 'after', '--type', 'totp'], {
      home,
      env,
      input: `${SEED}\n`,
    });
    expect(after.code).toBe(0);
  });
});
