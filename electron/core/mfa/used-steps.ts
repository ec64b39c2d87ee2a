import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ensureHome } from '../home';
import { writeFileAtomic } from '../vault/atomic-file';
import { assertLockHeld, withFileLock } from '../vault/lock';
import { base32Decode } from './base32';

/** Version 1 (before devices): profile id → last step. Still read, so an upgrade never resends a code. */
const LegacyFile = z.record(z.string(), z.number().int().nonnegative());

const StepsFile = z
  .object({
    version: z.literal(2),
    /** Random per TOBIRA_HOME: device keys are HMACs under it, so the file cannot confirm a guessed secret. */
    salt: z.string().min(16),
    /** HMAC of the device (its secret, or its serial) → last step whose code was sent. */
    devices: z.record(z.string(), z.number().int().nonnegative()),
    /** Entries carried over from version 1, dropped as each profile claims a step again. */
    profiles: z.record(z.string(), z.number().int().nonnegative()),
  })
  .strict();
type StepsFile = z.infer<typeof StepsFile>;

/**
 * One MFA device, as far as replay goes: the same secret (in any formatting) or the same device serial (AWS
 * --mfa-serial) is the same device, whichever profile uses it, so all its profiles share one step counter.
 */
export interface MfaDevice {
  profileId: string;
  /** The TOTP secret (base32). Only its HMAC is written. */
  secret: string;
  /** A provider's own name for the device, e.g. "aws:arn:aws:iam::123456789012:mfa/alice". */
  serial?: string | undefined;
}

export type Claim =
  | {
      claimed: true;
      /** Steps the clock moved back by since the last code; 0 when it did not. */ movedBack: number;
    }
  | { claimed: false; /** The step whose code was sent last; wait for the one after it. */ last: number };

/**
 * A step recorded this far ahead of the clock cannot come from a code we just sent: the clock moved back (it was
 * ahead, or ran under faketime). Within one step it may be an NTP nudge at a step boundary: wait instead.
 */
const CLOCK_BACK_STEPS = 2;

/**
 * Remembers, per MFA device, the last TOTP time step whose code was sent, across processes, so that two logins in
 * the same 30 s never send the same code (providers reject a replayed code). Holds step numbers, not codes.
 */
export class UsedSteps {
  private readonly path: string;

  constructor(private readonly home: string) {
    this.path = join(home, 'mfa-steps.json');
  }

  /**
   * Claims `step` for the device; refused when it (or a later one, by less than CLOCK_BACK_STEPS) was already
   * claimed. A record further ahead means the clock moved back: the record is reset to `step` and claimed.
   */
  async claim(device: MfaDevice, step: number): Promise<Claim> {
    ensureHome(this.home);
    return withFileLock(this.path, async () => {
      const file = this.read();
      const keys = deviceKeys(file.salt, device);
      const recorded = [...keys.map((key) => file.devices[key]), file.profiles[device.profileId]].filter(
        (value): value is number => value !== undefined,
      );
      const previous = recorded.length > 0 ? Math.max(...recorded) : undefined;
      const movedBack = previous === undefined ? 0 : previous - step;
      if (previous !== undefined && previous >= step && movedBack < CLOCK_BACK_STEPS) {
        return { claimed: false, last: previous };
      }
      for (const key of keys) file.devices[key] = step;
      file.profiles = Object.fromEntries(
        Object.entries(file.profiles).filter(([id]) => id !== device.profileId),
      );
      assertLockHeld(this.path);
      writeFileAtomic(this.path, `${JSON.stringify(file)}\n`);
      return { claimed: true, movedBack: Math.max(0, movedBack) };
    });
  }

  private read(): StepsFile {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch {
      raw = undefined; // missing or unreadable: it only ever makes us wait less, never lose data
    }
    const current = StepsFile.safeParse(raw);
    if (current.success) return current.data;
    const legacy = LegacyFile.safeParse(raw);
    return {
      version: 2,
      salt: randomBytes(18).toString('base64url'),
      devices: {},
      profiles: legacy.success ? legacy.data : {},
    };
  }
}

function deviceKeys(salt: string, device: MfaDevice): string[] {
  const mac = (kind: string, value: Buffer | string) =>
    createHmac('sha256', salt)
      .update(`tobira/mfa-device/v1\0${kind}\0`)
      .update(value)
      .digest('base64url')
      .slice(0, 32);
  const keys = [mac('secret', base32Decode(device.secret))];
  if (device.serial) keys.push(mac('serial', device.serial));
  return keys;
}
