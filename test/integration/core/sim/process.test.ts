import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualUsim } from '../../../harness/virtual-usim';

// The SIM API in a separate Node process, as the CLI uses it: it must fail fast without pcscd and exit by itself
// (PC/SC context closed, no handle left) after success and failure alike. pcsc-lite caches its socket path per
// process, so "pcscd unreachable" is only testable in a fresh process pointed elsewhere with PCSCLITE_CSOCK_NAME.
const root = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
let dir: string;
let script: string;

beforeAll(async () => {
  // Inside the repository (test-output/ is git-ignored) so the child resolves 'smartcard' from node_modules.
  mkdirSync(join(root, 'test-output'), { recursive: true });
  dir = mkdtempSync(join(root, 'test-output', 'sim-process-'));
  script = join(dir, 'sim-child.cjs');
  await build({
    stdin: {
      contents: `
        import { readImsi } from './electron/core/sim';
        readImsi({ reader: process.argv[2] }).then(
          (result) => process.stdout.write(JSON.stringify(result)),
          (error) => process.stdout.write(JSON.stringify({ key: error.key, exitCode: error.exitCode, message: error.message })),
        );`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['smartcard'],
    outfile: script,
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runChild(env: NodeJS.ProcessEnv): Promise<{ output: unknown; ms: number }> {
  const started = Date.now();
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [script, 'Virtual PCD 00 00'],
      { env: { ...process.env, ...env }, timeout: 15_000 },
      (error, stdout, stderr) => {
        if (error) return fail(new Error(`child failed or hung: ${error.message}\n${stderr}`));
        done({ output: JSON.parse(stdout) as unknown, ms: Date.now() - started });
      },
    );
  });
}

describe('SIM API in its own process', () => {
  it('reads the IMSI and exits on its own', async () => {
    const card = await startVirtualUsim({ imsi: '440103123456789' });
    try {
      const { output } = await runChild({});
      expect(output).toEqual({ reader: 'Virtual PCD 00 00', imsi: '440103123456789' });
    } finally {
      await card.remove();
    }
  });

  it('fails fast with sim.pcsc.unavailable when pcscd cannot be reached', async () => {
    const { output, ms } = await runChild({ PCSCLITE_CSOCK_NAME: join(dir, 'no-pcscd.comm') });
    expect(output).toMatchObject({ key: 'sim.pcsc.unavailable', exitCode: 1 });
    expect((output as { message: string }).message).toContain('pcscd');
    expect(ms).toBeLessThan(5_000);
  });
});
