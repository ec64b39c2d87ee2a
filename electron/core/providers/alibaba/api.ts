import * as z from 'zod';
import { httpRequest, parseJsonBody } from '../../http';
import { badResponse } from '../../bad-response';
import { ALIBABA_SERVICE } from './endpoint';

/** POST /v1/exchange's answer (docs/protocols/alibaba.md). */
export const ExchangeResponse = z.object({
  requestId: z.string().optional(),
  accessKeyId: z.string().min(1),
  accessKeySecret: z.string().min(1),
  securityToken: z.string().min(1),
  expiration: z.string().datetime({ offset: true }),
});
export type ExchangeResponse = z.infer<typeof ExchangeResponse>;

const ErrorBody = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  requestId: z.string().optional(),
});

/** A 4xx answer of /v1/exchange in Alibaba's `{error, error_description, requestId}` shape. */
export class ExchangeRejection extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly requestId: string,
  ) {
    super(`${status} ${error}`);
  }

  /** The access token itself was refused: a refreshed one may still work. */
  get tokenInvalid(): boolean {
    return this.error === 'invalid_token' || this.error === 'expired_token' || this.status === 401;
  }
}

/** Trades an OAuth access token for STS credentials. The token goes in the Authorization header only. */
export async function exchangeForSts(oauthOrigin: string, accessToken: string): Promise<ExchangeResponse> {
  const response = await httpRequest(ALIBABA_SERVICE, {
    method: 'POST',
    url: `${oauthOrigin}/v1/exchange`,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    timeoutMs: 10_000,
  });
  const body = parseJsonBody(response.text);
  if (response.status === 200) {
    const parsed = ExchangeResponse.safeParse(body);
    if (parsed.success) return parsed.data;
    throw badResponse({
      service: ALIBABA_SERVICE,
      what: 'exchange',
      problem: body === undefined ? 'the body is not JSON' : parsed.error,
      status: response.status,
      headers: response.headers,
      requestId: requestIdIn(body),
    });
  }
  if (response.status >= 400 && response.status < 500) {
    const error = ErrorBody.safeParse(body);
    throw new ExchangeRejection(
      response.status,
      error.success ? error.data.error : `HTTP${response.status}`,
      error.success ? (error.data.error_description ?? '') : '',
      error.success ? (error.data.requestId ?? '') : '',
    );
  }
  throw badResponse({
    service: ALIBABA_SERVICE,
    what: 'exchange',
    problem: 'expected HTTP 200',
    status: response.status,
    headers: response.headers,
    requestId: requestIdIn(body),
  });
}

/** Alibaba puts its request id in the body (docs/protocols/alibaba.md). */
function requestIdIn(body: unknown): string | undefined {
  const parsed = z.object({ requestId: z.string() }).safeParse(body);
  return parsed.success ? parsed.data.requestId : undefined;
}
