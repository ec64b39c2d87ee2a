import * as z from 'zod';
import type { TobiraError } from '../../errors';
import { badResponse } from '../../bad-response';
import { send, SERVICE, type Reply } from './api';
import { managementFailure } from './errors';
import { bearerSpelling, type IdpAdminSession } from './session';

const Listing = z.object({ list: z.array(z.record(z.string(), z.unknown())) }).loose();
const Written = z
  .object({ dry_run: z.boolean().optional(), result: z.record(z.string(), z.unknown()).optional() })
  .loose();

export type Collection = 'authentication-configurations' | 'authentication-policies';

/**
 * The Management API of one tenant (docs/protocols/idp-server.md, “mfa-setup”), organization level when the admin profile names an organization, system
 * level otherwise. Management calls are not retried: a write might have happened.
 */
export class ManagementApi {
  readonly base: string;

  constructor(
    session: IdpAdminSession,
    readonly tenant: string,
  ) {
    const origin = new URL(session.issuer).origin;
    const org = session.organization ? `/organizations/${encodeURIComponent(session.organization)}` : '';
    this.base = `${origin}/v1/management${org}/tenants/${encodeURIComponent(tenant)}`;
    this.authorization = `${bearerSpelling(session.tokenType)} ${session.accessToken}`;
  }

  private readonly authorization: string;

  async list(collection: Collection): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let offset = 0; offset < 1000; offset += 100) {
      const reply = await this.call('GET', `/${collection}?limit=100&offset=${offset}`);
      const page = Listing.safeParse(reply.body);
      if (!page.success) throw this.bad(collection, reply, page.error);
      items.push(...page.data.list);
      if (page.data.list.length < 100) break;
    }
    return items;
  }

  async create(
    collection: Collection,
    document: Record<string, unknown>,
    dryRun: boolean,
  ): Promise<Record<string, unknown>> {
    const reply = await this.call('POST', `/${collection}${dryRun ? '?dry_run=true' : ''}`, document);
    return this.result(collection, reply, document);
  }

  async update(
    collection: Collection,
    id: string,
    document: Record<string, unknown>,
    dryRun: boolean,
  ): Promise<Record<string, unknown>> {
    const reply = await this.call(
      'PUT',
      `/${collection}/${encodeURIComponent(id)}${dryRun ? '?dry_run=true' : ''}`,
      document,
    );
    return this.result(collection, reply, document);
  }

  private result(
    collection: Collection,
    reply: Reply,
    sent: Record<string, unknown>,
  ): Record<string, unknown> {
    const parsed = Written.safeParse(reply.body);
    if (!parsed.success) throw this.bad(collection, reply, parsed.error);
    return parsed.data.result ?? sent;
  }

  private async call(method: 'GET' | 'POST' | 'PUT', path: string, json?: unknown): Promise<Reply> {
    const reply = await send(method, `${this.base}${path}`, {
      headers: { authorization: this.authorization },
      ...(json !== undefined ? { json } : {}),
    });
    if (reply.status >= 200 && reply.status < 300) return reply;
    throw managementFailure(reply, path.split('?')[0]?.split('/')[1] ?? path, this.tenant);
  }

  private bad(collection: string, reply: Reply, problem: z.ZodError | string): TobiraError {
    return badResponse({
      service: SERVICE,
      what: collection,
      problem: reply.body === undefined ? 'the body is not JSON' : problem,
      status: reply.status,
      headers: reply.headers,
    });
  }
}
