import { readFile } from 'node:fs/promises';
import type { Env } from '../../home';
import { sections, splitLines } from './config-file';
import { awsConfigPath, awsCredentialsPath } from './link';

/** Keys that give the `default` profile credentials of its own in ~/.aws/config. */
const CONFIG_SOURCES = [
  'aws_access_key_id',
  'role_arn',
  'credential_process',
  'web_identity_token_file',
  'sso_session',
  'sso_start_url',
];

/**
 * The file whose `default` profile every SDK would use before a container-credentials endpoint (botocore and the JS
 * SDK read the shared files first), or undefined. `tobira exec --server` warns about it: the child would not use
 * the profile it was started for.
 */
export async function defaultProfileShadow(env: Env): Promise<string | undefined> {
  const read = (path: string) => readFile(path, 'utf8').catch(() => '');
  const credentials = awsCredentialsPath(env);
  const keys = sections(splitLines(await read(credentials))).find((section) => section.header === 'default');
  if (keys?.values.has('aws_access_key_id')) return credentials;
  const config = awsConfigPath(env);
  const profile = sections(splitLines(await read(config))).find((section) => section.header === 'default');
  return profile && CONFIG_SOURCES.some((key) => profile.values.has(key)) ? config : undefined;
}
