import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ensureHome } from '../home';
import { writeFileAtomic } from '../vault/atomic-file';
import { withFileLock } from '../vault/lock';

const UsedStepsFile = z.record(z.string(), z.number().int().nonnegative());

/**
 * Remembers, per profile, the last TOTP time step whose code was sent, across processes, so that two logins in
 * the same 30 s never send the same code (providers reject a replayed code). Holds step numbers, not codes.
 */
export class UsedSteps {
  private readonly path: string;

  constructor(private readonly home: string) {
    this.path = join(home, 'mfa-steps.json');
  }

  last(profileId: string): number | undefined {
    return this.read()[profileId];
  }

  /** Claims `step` for the profile; false when it (or a later one) was already claimed. */
  async claim(profileId: string, step: number): Promise<boolean> {
    ensureHome(this.home);
    return withFileLock(this.path, async () => {
      const steps = this.read();
      const previous = steps[profileId];
      if (previous !== undefined && previous >= step) return false;
      steps[profileId] = step;
      writeFileAtomic(this.path, `${JSON.stringify(steps)}\n`);
      return true;
    });
  }

  async forget(profileId: string): Promise<void> {
    if (this.last(profileId) === undefined) return;
    await withFileLock(this.path, async () => {
      const steps = Object.entries(this.read()).filter(([id]) => id !== profileId);
      writeFileAtomic(this.path, `${JSON.stringify(Object.fromEntries(steps))}\n`);
    });
  }

  private read(): Record<string, number> {
    try {
      const parsed = UsedStepsFile.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {}; // missing or unreadable: it only ever makes us wait less, never lose data
    }
  }
}
