import * as z from 'zod';
import type { ProfileRecord } from '../../vault/schema';
import { providerKeySecretId, type Vault } from '../../vault/vault';

/** krypton-cli keeps a key 3600 s (docs/protocols/krypton.md); the server keeps it at least as long. */
export const KEY_VALID_MS = 3_600_000;
/** A key this close to its end is not used: a request signed with it could arrive after the server dropped it. */
const USE_MARGIN_MS = 60_000;

const KeyEntry = z.object({
  version: z.literal(1),
  imsi: z.string().regex(/^\d{6,15}$/),
  keyId: z.string().min(1),
  /** CK, base64: the shared secret of the SIM and Krypton. */
  ck: z.string().min(1),
  createdAt: z.number().int(),
  /** The origin that issued the key; another endpoint never sees it. */
  base: z.string().min(1),
  /** The SIM's USIM AID (hex), so the next sign-in can select it without reading EF_DIR. */
  aid: z
    .string()
    .regex(/^[0-9A-Fa-f]{10,32}$/)
    .optional(),
});

export interface KryptonKey {
  keyId: string;
  ck: Buffer;
}

/**
 * The CK-derived session key of a profile, in the secret store (never a file of its own), valid one hour. It lets
 * a sign-in within the hour skip AKA; the SIM must still be present (its IMSI is read and must match).
 */
export class KryptonKeyCache {
  constructor(
    private readonly vault: Vault,
    private readonly now: () => number = Date.now,
  ) {}

  private entry: z.infer<typeof KeyEntry> | undefined | null = null;

  /** The entry as stored (read once per sign-in), without any validity check. */
  private async load(profile: ProfileRecord): Promise<z.infer<typeof KeyEntry> | undefined> {
    if (this.entry !== null) return this.entry;
    const raw = await (await this.vault.secretStore()).get(providerKeySecretId(profile));
    let parsed: unknown;
    try {
      parsed = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const entry = KeyEntry.safeParse(parsed);
    this.entry = entry.success ? entry.data : undefined;
    return this.entry;
  }

  /** The USIM AID last seen with this profile's key (a hint only: the card is asked to select it). */
  async aidHint(profile: ProfileRecord): Promise<Buffer | undefined> {
    const aid = (await this.load(profile))?.aid;
    return aid === undefined ? undefined : Buffer.from(aid, 'hex');
  }

  async read(profile: ProfileRecord, imsi: string, base: string): Promise<KryptonKey | undefined> {
    const data = await this.load(profile);
    if (data === undefined) return undefined;
    const age = this.now() - data.createdAt;
    if (data.imsi !== imsi || data.base !== base || age < 0 || age > KEY_VALID_MS - USE_MARGIN_MS)
      return undefined;
    const ck = Buffer.from(data.ck, 'base64');
    return ck.length === 16 ? { keyId: data.keyId, ck } : undefined;
  }

  async write(
    profile: ProfileRecord,
    imsi: string,
    base: string,
    key: KryptonKey,
    aid?: Buffer,
  ): Promise<void> {
    const entry: z.infer<typeof KeyEntry> = {
      version: 1,
      imsi,
      keyId: key.keyId,
      ck: key.ck.toString('base64'),
      createdAt: this.now(),
      base,
      ...(aid ? { aid: aid.toString('hex').toUpperCase() } : {}),
    };
    this.entry = entry;
    await (await this.vault.secretStore()).set(providerKeySecretId(profile), JSON.stringify(entry));
  }

  async drop(profile: ProfileRecord): Promise<void> {
    this.entry = undefined;
    await (await this.vault.secretStore()).delete(providerKeySecretId(profile));
  }
}
