import * as z from 'zod';
import type { Lang } from '../../../../shared/i18n';
import { httpRequest, parseJsonBody, type HttpResponse } from '../../http';
import { badResponse } from '../../bad-response';
import { clockOffsetSeconds } from '../common/time';

const SERVICE = 'SORACOM API';

export const AuthResponse = z.object({
  apiKey: z.string().min(1),
  operatorId: z.string().min(1),
  token: z.string().min(1),
  userName: z.string().optional(),
});
export type AuthResponse = z.infer<typeof AuthResponse>;

const ErrorBody = z.object({ code: z.string(), message: z.string() });

/** A 4xx answer of the SORACOM API, with its `{code, message}` when it sent one. */
export interface ApiRejection {
  status: number;
  code: string;
  message: string;
  /** How far our clock is from SORACOM's (its `Date` header), in seconds; positive = ours is ahead. */
  clockOffset?: number | undefined;
}

export class SoracomRejection extends Error {
  constructor(readonly rejection: ApiRejection) {
    super(`${rejection.status} ${rejection.code}`);
  }
}

export interface Credentials {
  apiKey: string;
  token: string;
}

/** The SORACOM API calls Tobira needs; `base` is an origin, paths start with /v1 (docs/protocols/soracom.md). */
export class SoracomApi {
  constructor(
    readonly base: string,
    private readonly lang: Lang,
  ) {}

  async auth(body: Record<string, unknown>): Promise<AuthResponse> {
    return valid(AuthResponse, await this.call('POST', '/v1/auth', body), 200, 'auth');
  }

  async switchUser(source: Credentials, body: Record<string, unknown>): Promise<AuthResponse> {
    return valid(
      AuthResponse,
      await this.call('POST', '/v1/auth/switch_user', body, source),
      200,
      'switch_user',
    );
  }

  async refreshToken(
    credentials: Credentials,
    operatorId: string,
    tokenTimeoutSeconds: number,
  ): Promise<string> {
    const path = `/v1/operators/${encodeURIComponent(operatorId)}/token`;
    const response = await this.call('POST', path, { tokenTimeoutSeconds }, credentials);
    return valid(z.object({ token: z.string().min(1) }), response, 200, 'token').token;
  }

  async logout(credentials: Credentials): Promise<void> {
    ok(await this.call('POST', '/v1/auth/logout', undefined, credentials), 204, 'logout');
  }

  private call(method: 'POST' | 'GET', path: string, json: unknown, credentials?: Credentials) {
    return httpRequest(SERVICE, {
      method,
      url: `${this.base}${path}`,
      headers: {
        'x-soracom-lang': this.lang,
        ...(credentials
          ? { 'x-soracom-api-key': credentials.apiKey, 'x-soracom-token': credentials.token }
          : {}),
      },
      ...(json !== undefined ? { json } : {}),
    });
  }
}

/** The parsed body of an expected status; a 4xx becomes a SoracomRejection; anything else is a bad response. */
function ok(response: HttpResponse, expected: number, what: string): unknown {
  const body = parseJsonBody(response.text);
  if (response.status === expected) return body;
  if (response.status >= 400 && response.status < 500) {
    const error = ErrorBody.safeParse(body);
    throw new SoracomRejection({
      status: response.status,
      code: error.success ? error.data.code : `HTTP${response.status}`,
      message: error.success ? error.data.message : '',
      clockOffset: clockOffsetSeconds(response.headers.get('date')),
    });
  }
  throw badResponse({
    service: SERVICE,
    what,
    problem: `expected HTTP ${expected}`,
    status: response.status,
    headers: response.headers,
  });
}

/** A 200 whose body has the wrong shape is a bad response (exit 4), not an internal error. */
function valid<T>(schema: z.ZodType<T>, response: HttpResponse, expected: number, what: string): T {
  const body = ok(response, expected, what);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw badResponse({
    service: SERVICE,
    what,
    problem: body === undefined ? 'the body is not JSON' : parsed.error,
    status: response.status,
    headers: response.headers,
  });
}

/** Reads `exp` and `operator.operatorId` from the API token (a JWT). Not verified: SORACOM says it cannot be. */
export function tokenClaims(token: string): { exp?: number; operatorId?: string } {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims = z
      .object({
        exp: z.number().optional(),
        operator: z.object({ operatorId: z.string() }).partial().optional(),
      })
      .safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!claims.success) return {};
    return {
      ...(claims.data.exp !== undefined ? { exp: claims.data.exp } : {}),
      ...(claims.data.operator?.operatorId ? { operatorId: claims.data.operator.operatorId } : {}),
    };
  } catch {
    return {};
  }
}
