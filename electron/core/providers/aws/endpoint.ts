import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import type { RetryPolicy } from '../../http';
import { EndpointOrigin, endpointFromEnv, LOOPBACK_HOSTS } from '../common/endpoint';
import type { Partition } from './session';

/**
 * An endpoint override from the environment (docs/architecture.md §5): an origin `scheme://host[:port]` without a path; plain
 * http only on loopback, so keys and tokens never cross a network in clear.
 */
export function endpointOverride(
  env: Env,
  variable: 'TOBIRA_ENDPOINT_AWS_STS' | 'TOBIRA_ENDPOINT_AWS_SIGNIN' | 'TOBIRA_ENDPOINT_AWS_IAM',
) {
  const origin = endpointFromEnv(env, variable);
  if (origin === undefined) return undefined;
  if (!EndpointOrigin.safeParse(origin).success) {
    throw new TobiraError('aws.endpoint.invalid', ExitCode.usage, { variable });
  }
  return origin;
}

const SIGNIN_DOMAIN: Record<Partition, string> = {
  aws: 'signin.aws.amazon.com',
  'aws-cn': 'signin.amazonaws.cn',
  'aws-us-gov': 'signin.amazonaws-us-gov.com',
};

const CONSOLE_DOMAIN: Record<Partition, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/**
 * The sign-in federation origin (docs/protocols/aws.md): the region-prefixed host of the target region in the
 * commercial partition (us-east-1's bare host is a single-region dependency), us-east-1's when the logout hop is on
 * (sign-in links need it), the partition's host elsewhere. TOBIRA_ENDPOINT_AWS_SIGNIN replaces all of them.
 */
export function signinOrigin(
  env: Env,
  partition: Partition,
  region: string | undefined,
  logoutFirst: boolean,
): string {
  const override = endpointOverride(env, 'TOBIRA_ENDPOINT_AWS_SIGNIN');
  if (override) return override;
  if (partition !== 'aws') return `https://${SIGNIN_DOMAIN[partition]}`;
  const prefix = logoutFirst ? 'us-east-1' : region;
  return `https://${prefix ? `${prefix}.` : ''}${SIGNIN_DOMAIN.aws}`;
}

/** The console host of a region: REGION.console.aws.amazon.com; the partition's bare host without a region. */
export function consoleHost(partition: Partition, region: string | undefined): string {
  const domain = CONSOLE_DOMAIN[partition];
  // GovCloud has no regional console subdomains.
  if (region === undefined || partition === 'aws-us-gov') return domain;
  return `${region}.${domain}`;
}

/** The console landing page (docs/protocols/aws.md): the region in both the subdomain and ?region=. */
export function consoleDestination(partition: Partition, region: string | undefined): string {
  const host = consoleHost(partition, region);
  if (region === undefined) return `https://${host}/console/home`;
  return `https://${host}/console/home?region=${encodeURIComponent(region)}`;
}

/** A --destination must stay in the profile's partition (a login link for another partition is refused by AWS). */
export function destinationAllowed(destination: string, partition: Partition, env: Env): boolean {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return false;
  }
  if (env.TOBIRA_ENDPOINT_AWS_SIGNIN && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
    return true;
  const domain = CONSOLE_DOMAIN[partition];
  return url.protocol === 'https:' && (url.hostname === domain || url.hostname.endsWith(`.${domain}`));
}

/**
 * Throttling, 5xx and network failures are retried with exponential backoff (like core/http.ts), then exit 4.
 * TOBIRA_AWS_RETRY_BASE_MS shortens the backoff (tests).
 */
export function retryPolicy(env: Env): RetryPolicy {
  const base = Number(env.TOBIRA_AWS_RETRY_BASE_MS);
  return { attempts: 3, baseDelayMs: Number.isFinite(base) && base >= 0 ? base : 300 };
}
