import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startKeyring } from './keyring';
import { startPcscd } from './pcsc';

declare module 'vitest' {
  export interface ProvidedContext {
    keyringEnv: Record<string, string>;
  }
}

/**
 * Started once per run, shared by every integration and e2e test file: a private session bus with an unlocked
 * gnome-keyring, and pcscd with the vpcd driver (only one pcscd can run per machine).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const keyring = await startKeyring();
  const pcscd = await startPcscd();
  Object.assign(process.env, keyring.env);
  project.provide('keyringEnv', keyring.env);
  return async () => {
    await pcscd.stop();
    await keyring.stop();
  };
}
