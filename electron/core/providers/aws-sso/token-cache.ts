import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import type { Env } from '../../home';
import { isoSeconds } from '../common/time';

/**
 * The AWS CLI's SSO token cache (botocore `SSOTokenProvider`, `SSOTokenFetcher`): `~/.aws/sso/cache/<key>.json`,
 * where key is the sha1 hex of the sso-session name (of the start URL for the legacy profile form). The directory is
 * under the home, not beside AWS_CONFIG_FILE. The file holds the access token, the refresh token and the client
 * secret: that is its documented format; it is written 0600 in a 0700 directory, as the AWS CLI does.
 */
export function ssoCacheDir(env: Env): string {
  return join(env.HOME || homedir(), '.aws', 'sso', 'cache');
}

export function tokenCacheKey(sessionName: string): string {
  return createHash('sha1').update(sessionName, 'utf8').digest('hex');
}

export function tokenCachePath(env: Env, sessionName: string): string {
  return join(ssoCacheDir(env), `${tokenCacheKey(sessionName)}.json`);
}

/** The fields the AWS CLI writes (ISO 8601 with Z); others it may add are kept on rewrite. */
export const CachedToken = z
  .object({
    startUrl: z.string().min(1),
    region: z.string().min(1),
    accessToken: z.string().min(1),
    expiresAt: z.string().refine((value) => Number.isFinite(Date.parse(value)), 'a date'),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    registrationExpiresAt: z
      .string()
      .refine((value) => Number.isFinite(Date.parse(value)), 'a date')
      .optional(),
    refreshToken: z.string().min(1).optional(),
  })
  .passthrough();
export type CachedToken = z.infer<typeof CachedToken>;

/** The cached token of a session, or undefined when there is none or it is unreadable (then a new sign-in fixes it). */
export async function readToken(env: Env, sessionName: string): Promise<CachedToken | undefined> {
  return readJson(tokenCachePath(env, sessionName), CachedToken);
}

export async function writeToken(env: Env, sessionName: string, token: CachedToken): Promise<void> {
  await writeJson(tokenCachePath(env, sessionName), token);
}

export async function removeToken(env: Env, sessionName: string): Promise<boolean> {
  const path = tokenCachePath(env, sessionName);
  try {
    await rm(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Tobira's own client registrations (one per session, start URL, region, scopes and grant kind), beside the tokens
 * as botocore keeps its own: a registration lasts about 90 days, so a new sign-in does not register a new client.
 */
export const CachedRegistration = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  expiresAt: z.string().refine((value) => Number.isFinite(Date.parse(value)), 'a date'),
  scopes: z.array(z.string()).optional(),
  grantTypes: z.array(z.string()).optional(),
});
export type CachedRegistration = z.infer<typeof CachedRegistration>;

export function registrationCachePath(
  env: Env,
  key: { sessionName: string; startUrl: string; region: string; scopes: readonly string[]; kind: string },
): string {
  const args = JSON.stringify({
    tool: 'tobira',
    startUrl: key.startUrl,
    region: key.region,
    scopes: key.scopes,
    session_name: key.sessionName,
    kind: key.kind,
  });
  return join(ssoCacheDir(env), `${createHash('sha1').update(args, 'utf8').digest('hex')}.json`);
}

export async function readRegistration(path: string): Promise<CachedRegistration | undefined> {
  return readJson(path, CachedRegistration);
}

export async function writeRegistration(path: string, registration: CachedRegistration): Promise<void> {
  await writeJson(path, registration);
}

export function isoOf(ms: number): string {
  return isoSeconds(ms);
}

async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Temp file (0600) in the same directory, then rename: a reader (the AWS CLI) never sees half a file. */
async function writeJson(path: string, value: unknown): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(value), { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
