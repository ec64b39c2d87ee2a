import * as z from 'zod';
import { ExitCode, TobiraError } from '../../errors';
import { timeStep } from '../../timings';
import { httpRequest, parseJsonBody } from '../../http';
import { badResponse } from '../../bad-response';
import type { ActiveSession, ConsoleOptions, LoginServices } from '../types';
import type { Env } from '../../home';
import { AwsCredentials, PARTITIONS, type Partition } from './session';
import { consoleDestination, destinationAllowed, retryPolicy, signinOrigin } from './endpoint';
import { rethrowSts } from './errors';
import { serviceDestination } from './console-services';
import { longTermKeys } from './login';
import { AWS_IAM_USER_TYPE, IamUserFields, iamUserPartition, Region } from './profile';
import { Sts, type KeyPair } from './api';

const SERVICE = 'AWS sign-in';
/** Without a policy, GetFederationToken credentials have no permissions at all (docs/protocols/aws.md). */
const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const FEDERATION_SECONDS = 43_200;
const CONSOLE_MAX_SECONDS = 43_200;
const ISSUER = 'tobira';

/** The credentials the federation endpoint accepts, and whether a console SessionDuration may go with them. */
interface ConsoleCredentials {
  keys: KeyPair & { sessionToken: string };
  partition: Partition;
  region: string | undefined;
  sessionDuration: number | undefined;
}

/**
 * What can be checked of a console page before signing in (the app's "Console page" editor, `tobira console`): one of
 * service and destination, a service name that makes a console path, a region like ap-northeast-1, a destination on
 * an AWS console domain (its partition is checked again against the credentials when the URL is made).
 */
export function checkConsolePage(options: ConsoleOptions, env: Env): void {
  if (options.destination !== undefined && options.service !== undefined) {
    throw new TobiraError('aws.console.serviceAndDestination', ExitCode.usage, {}, { field: 'service' });
  }
  if (options.region !== undefined && !Region.safeParse(options.region).success) {
    throw new TobiraError(
      'aws.console.badRegion',
      ExitCode.usage,
      { region: options.region },
      { field: 'region' },
    );
  }
  if (options.service !== undefined) {
    try {
      serviceDestination('aws', options.region, options.service);
    } catch (error) {
      throw new TobiraError(
        'aws.console.badService',
        ExitCode.usage,
        { service: options.service },
        { field: 'service', cause: error },
      );
    }
  }
  const destination = options.destination;
  if (
    destination !== undefined &&
    !PARTITIONS.some((partition) => destinationAllowed(destination, partition, env))
  ) {
    throw new TobiraError(
      'aws.console.badDestination',
      ExitCode.usage,
      { partition: 'aws' },
      { field: 'destination' },
    );
  }
}

/**
 * The console sign-in URL (docs/protocols/aws.md): role credentials as they are, IAM users through
 * GetFederationToken from the long-term keys; getSigninToken by POST; the login URL built with a real encoder; an
 * optional logout hop. The URL is a bearer secret for 15 minutes: the caller never logs it or puts it in argv.
 */
export async function awsConsoleUrl(
  services: LoginServices,
  session: ActiveSession,
  options: ConsoleOptions,
): Promise<string> {
  checkConsolePage(options, services.env);
  const credentials = await consoleCredentials(services, session);
  const region = options.region ?? credentials.region;
  const logoutFirst = options.logoutFirst === true;
  const origin = signinOrigin(services.env, credentials.partition, region, logoutFirst);
  if (
    options.destination !== undefined &&
    !destinationAllowed(options.destination, credentials.partition, services.env)
  ) {
    throw new TobiraError('aws.console.badDestination', ExitCode.usage, { partition: credentials.partition });
  }
  if (options.destination !== undefined && options.service !== undefined) {
    throw new TobiraError('aws.console.serviceAndDestination', ExitCode.usage);
  }
  const destination =
    options.destination ??
    (options.service !== undefined
      ? serviceDestination(credentials.partition, region, options.service)
      : consoleDestination(credentials.partition, region));
  const token = await signinToken(services, origin, credentials);
  const login = `${origin}/federation?${new URLSearchParams({
    Action: 'login',
    Issuer: ISSUER,
    Destination: destination,
    SigninToken: token,
  }).toString()}`;
  if (!logoutFirst) return login;
  return `${origin}/oauth?${new URLSearchParams({ Action: 'logout', redirect_uri: login }).toString()}`;
}

async function consoleCredentials(
  services: LoginServices,
  session: ActiveSession,
): Promise<ConsoleCredentials> {
  const data = AwsCredentials.parse(session.data);
  const name = session.profile.name;
  if (data.origin === 'session-token' || data.origin === 'long-term' || data.sessionToken === undefined) {
    if (session.profile.type !== AWS_IAM_USER_TYPE) {
      throw new TobiraError('aws.console.sessionToken', ExitCode.error, { name });
    }
    return federationToken(services, session, data);
  }
  return {
    keys: {
      accessKeyId: data.accessKeyId,
      secretAccessKey: data.secretAccessKey,
      sessionToken: data.sessionToken,
    },
    partition: data.partition,
    region: data.region,
    // Only role credentials minted from long-term keys may ask for a console session of their own length (§1.4):
    // chained roles, federation tokens and Cognito's credentials fail with 400 when it is sent.
    sessionDuration:
      data.origin === 'assumed-role' && data.chained === false ? CONSOLE_MAX_SECONDS : undefined,
  };
}

/** GetSessionToken credentials cannot sign in: an IAM user gets a federation token from its long-term keys. */
async function federationToken(
  services: LoginServices,
  session: ActiveSession,
  data: AwsCredentials,
): Promise<ConsoleCredentials> {
  const { profile } = session;
  const fields = IamUserFields.parse(profile.fields);
  if (fields.mfaSerial) services.notice('aws.console.federationNoMfa', { name: profile.name });
  const partition = data.partition ?? iamUserPartition(fields);
  const result = await new Sts(
    { partition, region: fields.region, env: services.env },
    await longTermKeys(services, profile),
  )
    .getFederationToken({
      name: federationName(data.arn, profile.name),
      policy: ALLOW_ALL,
      durationSeconds: FEDERATION_SECONDS,
    })
    .catch((error: unknown) => rethrowSts(error, { name: profile.name, codeWasSent: false }));
  return {
    keys: result.credentials,
    partition,
    region: data.region ?? fields.region,
    sessionDuration: undefined,
  };
}

/** GetFederationToken's Name: the IAM user name (from the ARN), 2–32 characters of [\w+=,.@-]. */
export function federationName(arn: string | undefined, fallback: string): string {
  const user = arn?.split(':user/')[1]?.split('/').pop();
  const name = (user ?? fallback).replace(/[^\w+=,.@-]/g, '-').slice(0, 32);
  return name.length >= 2 ? name : `${name}--`.slice(0, 2);
}

const SigninTokenBody = z.object({ SigninToken: z.string().min(1) });

/**
 * POST getSigninToken (keeps the session keys out of request lines and logs, §1.5). A 400 with SessionDuration is
 * retried once without it (odd values have been refused, §1.4); a 405 falls back to the documented GET.
 */
async function signinToken(
  services: LoginServices,
  origin: string,
  credentials: ConsoleCredentials,
): Promise<string> {
  const sessionJson = JSON.stringify({
    sessionId: credentials.keys.accessKeyId,
    sessionKey: credentials.keys.secretAccessKey,
    sessionToken: credentials.keys.sessionToken,
  });
  const retry = retryPolicy(services.env);
  const attempt = async (duration: number | undefined, method: 'POST' | 'GET') => {
    const form: Record<string, string> = {
      Action: 'getSigninToken',
      ...(duration !== undefined ? { SessionDuration: String(duration) } : {}),
      Session: sessionJson,
    };
    const url = `${origin}/federation`;
    return timeStep('http.aws.signin', () =>
      method === 'POST'
        ? httpRequest(SERVICE, { method, url, form }, retry)
        : httpRequest(SERVICE, { method, url: `${url}?${new URLSearchParams(form).toString()}` }, retry),
    );
  };
  const duration = credentials.sessionDuration;
  let response = await attempt(duration, 'POST');
  if (response.status === 405) response = await attempt(duration, 'GET');
  if (response.status === 400 && duration !== undefined) response = await attempt(undefined, 'POST');
  if (response.status === 200) {
    const json = parseJsonBody(response.text);
    const body = SigninTokenBody.safeParse(json);
    if (body.success) return body.data.SigninToken;
    throw badResponse({
      service: SERVICE,
      what: 'getSigninToken',
      problem: json === undefined ? 'the body is not JSON' : body.error,
      status: response.status,
      headers: response.headers,
    });
  }
  if (response.status >= 400 && response.status < 500) {
    throw new TobiraError('aws.console.signinRejected', ExitCode.rejected, { status: response.status });
  }
  throw badResponse({
    service: SERVICE,
    what: 'getSigninToken',
    problem: 'expected HTTP 200',
    status: response.status,
    headers: response.headers,
  });
}
