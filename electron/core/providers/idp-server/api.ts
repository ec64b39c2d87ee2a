import * as z from 'zod';
import { tracedFetch } from '../../debug';
import { ExitCode, TobiraError } from '../../errors';
import { badResponse } from '../../bad-response';
import { networkProblem, parseJsonBody } from '../../http';

export const SERVICE = 'idp-server';
const COOKIE = 'IDP_AUTH_SESSION';
const TIMEOUT_MS = 15_000;

/** The error body of every idp-server API (docs/protocols/idp-server.md, “Errors”); `{}` is possible (docs/protocols/idp-server.md, “Signing in”). */
export const ErrorBody = z
  .object({
    error: z.string().optional(),
    error_description: z.string().optional(),
    error_messages: z.array(z.string()).optional(),
  })
  .loose();
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A 4xx/5xx answer of an authorization-API step, kept for errors.ts to turn into a message. */
export class IdpRejection extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly body: ErrorBody,
    /** The raw body had keys other than the error fields (e.g. a sender's `http_request` result). */
    readonly keys: readonly string[],
  ) {
    super(`${step}: HTTP ${status} ${body.error ?? ''}`);
  }
}

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * One exchange without retries: every step of the authorization API changes server state (a password attempt
 * counts towards lock-out, a challenge sends an SMS), so a failure is reported, never silently repeated.
 */
export async function send(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  options: { json?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  let response: Response;
  try {
    response = await tracedFetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.json !== undefined ? JSON.stringify(options.json) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new TobiraError('provider.unreachable', ExitCode.unreachable, {
      service: SERVICE,
      detail: networkProblem(error),
      attempts: 1,
    });
  }
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : parseJsonBody(text) };
}

export function rejectionOf(step: string, reply: Reply): IdpRejection {
  const parsed = ErrorBody.safeParse(reply.body);
  const keys =
    reply.body !== null && typeof reply.body === 'object'
      ? Object.keys(reply.body).filter((key) => !key.startsWith('error'))
      : [];
  return new IdpRejection(step, reply.status, parsed.success ? parsed.data : {}, keys);
}

export interface StartedTransaction {
  /** The authorization request id, the key of every `…/authorizations/{id}/…` call (docs/protocols/idp-server.md, “Signing in”). */
  id: string;
  /** `IDP_AUTH_SESSION=…`, echoed back on every step (docs/protocols/idp-server.md, “Signing in”). */
  cookie: string;
}

/** A Location that is not a sign-in page: the redirect_uri or the error page, with `error` in its query (docs/protocols/idp-server.md, “Signing in”). */
export class AuthorizationRedirectError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    /** The redirect's status, for the "empty Location" bad response. */
    readonly status?: number,
  ) {
    super(`authorization request refused: ${error}`);
  }
}

/** The authorization API of one tenant (docs/protocols/idp-server.md, “Signing in”): start, step, authorize. */
export class AuthorizationApi {
  constructor(
    /** The tenant's authorization endpoint, e.g. https://idp.example.com/TENANT/v1/authorizations; steps live below it. */
    readonly endpoint: string,
  ) {}

  /** GET the authorization URL; idp-server always answers 302 (docs/protocols/idp-server.md, “Signing in”). */
  async start(authorizationUrl: URL): Promise<StartedTransaction> {
    const reply = await send('GET', authorizationUrl.href);
    if (reply.status >= 500) throw rejectionOf('authorization', reply);
    if (reply.status !== 302 && reply.status !== 303) {
      throw invalid(reply, 'authorization request', 'expected a 302 redirect');
    }
    const location = reply.headers.get('location') ?? '';
    if (location === '') {
      // docs/protocols/idp-server.md, “Signing in”: a client authentication failure or an unexpected server error answers 302 with an empty Location.
      throw new AuthorizationRedirectError('server_error', '', reply.status);
    }
    let target: URL;
    try {
      target = new URL(location, this.endpoint);
    } catch {
      throw invalid(reply, 'authorization request', 'Location is no URL');
    }
    const error = target.searchParams.get('error');
    if (error !== null)
      throw new AuthorizationRedirectError(error, target.searchParams.get('error_description') ?? '');
    const id = target.searchParams.get('id');
    const cookie = sessionCookie(reply.headers);
    if (id === null || id === '' || cookie === undefined) {
      const problem = id === null || id === '' ? 'no transaction id in the redirect' : `no ${COOKIE} cookie`;
      throw invalid(reply, 'authorization request', problem);
    }
    return { id, cookie };
  }

  /** One authentication step, e.g. `password-authentication`; a non-2xx answer throws an IdpRejection. */
  async step(
    transaction: StartedTransaction,
    interaction: string,
    body: Record<string, unknown>,
  ): Promise<unknown> {
    const reply = await send('POST', this.stepUrl(transaction, interaction), {
      json: body,
      headers: { cookie: transaction.cookie },
    });
    if (reply.status >= 200 && reply.status < 300) return reply.body;
    throw rejectionOf(interaction, reply);
  }

  /** Finishes the transaction; idp-server answers 200 `{redirect_uri}` carrying code, state and iss (docs/protocols/idp-server.md, “Signing in”). */
  async authorize(transaction: StartedTransaction): Promise<URL> {
    const reply = await send('POST', this.stepUrl(transaction, 'authorize'), {
      json: {},
      headers: { cookie: transaction.cookie },
    });
    if (reply.status !== 200) throw rejectionOf('authorize', reply);
    const parsed = z.object({ redirect_uri: z.string().url() }).safeParse(reply.body);
    if (!parsed.success) throw invalid(reply, 'authorize', parsed.error);
    return new URL(parsed.data.redirect_uri);
  }

  private stepUrl(transaction: StartedTransaction, interaction: string): string {
    return `${this.endpoint}/${encodeURIComponent(transaction.id)}/${interaction}`;
  }
}

function invalid(reply: Reply, what: string, problem: string | z.ZodError): TobiraError {
  return badResponse({ service: SERVICE, what, problem, status: reply.status, headers: reply.headers });
}

function sessionCookie(headers: Headers): string | undefined {
  for (const line of headers.getSetCookie()) {
    const pair = line.split(';', 1)[0]?.trim() ?? '';
    if (pair.startsWith(`${COOKIE}=`) && pair.length > COOKIE.length + 1) return pair;
  }
  return undefined;
}
