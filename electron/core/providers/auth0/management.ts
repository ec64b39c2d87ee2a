import * as z from 'zod';
import { ExitCode } from '../../errors';
import { badResponse } from '../../bad-response';
import {
  Auth0Rejection,
  auth0Request,
  rejectionFrom,
  type Auth0Call,
  type Auth0Response,
  type RetryTuning,
} from './api';

export const MANAGEMENT_SERVICE = 'Auth0 Management API';

export const ManagedUser = z.object({
  user_id: z.string().min(1),
  email: z.string().optional(),
  username: z.string().optional(),
  name: z.string().optional(),
  blocked: z.boolean().optional(),
  created_at: z.string().optional(),
  identities: z.array(z.object({ connection: z.string(), provider: z.string().optional() })).default([]),
  app_metadata: z.record(z.string(), z.unknown()).optional(),
});
export type ManagedUser = z.infer<typeof ManagedUser>;

export const Permission = z.object({ resource_server_identifier: z.string(), permission_name: z.string() });
export type Permission = z.infer<typeof Permission>;

const UsersPage = z.object({ users: z.array(ManagedUser), total: z.number(), start: z.number() });
const PermissionsPage = z.object({ permissions: z.array(Permission), total: z.number() });

/** Returns a Management API token; `fresh` asks for a new one (the cached one was refused). */
export type TokenSource = (fresh: boolean) => Promise<string>;

const PAGE = 100;

/** The Management API calls the API-key pattern needs (specs B2), with the admin's cached token. */
export class Auth0Management {
  constructor(
    private readonly origin: string,
    private readonly token: TokenSource,
    private readonly tuning: RetryTuning,
  ) {}

  createUser(body: Record<string, unknown>): Promise<ManagedUser> {
    return this.call('POST', '/api/v2/users', body).then((value) => valid(ManagedUser, value, 'user'));
  }

  getUser(userId: string): Promise<ManagedUser> {
    return this.call('GET', userPath(userId)).then((value) => valid(ManagedUser, value, 'user'));
  }

  patchUser(userId: string, body: Record<string, unknown>): Promise<ManagedUser> {
    return this.call('PATCH', userPath(userId), body).then((value) => valid(ManagedUser, value, 'user'));
  }

  /** 204 also when the user does not exist (Auth0 deletes idempotently). */
  async deleteUser(userId: string): Promise<void> {
    await this.call('DELETE', userPath(userId));
  }

  async usersOfConnection(connection: string): Promise<ManagedUser[]> {
    const users: ManagedUser[] = [];
    for (let page = 0; ; page += 1) {
      const query = new URLSearchParams({
        q: `identities.connection:"${connection}"`,
        search_engine: 'v3',
        per_page: String(PAGE),
        page: String(page),
        include_totals: 'true',
        sort: 'created_at:1',
      });
      const result = valid(UsersPage, await this.call('GET', `/api/v2/users?${query.toString()}`), 'users');
      users.push(...result.users);
      if (result.users.length < PAGE || users.length >= result.total) return users;
    }
  }

  async permissions(userId: string): Promise<Permission[]> {
    const all: Permission[] = [];
    for (let page = 0; ; page += 1) {
      const query = new URLSearchParams({
        per_page: String(PAGE),
        page: String(page),
        include_totals: 'true',
      });
      const result = valid(
        PermissionsPage,
        await this.call('GET', `${userPath(userId)}/permissions?${query}`),
        'permissions',
      );
      all.push(...result.permissions);
      if (result.permissions.length < PAGE || all.length >= result.total) return all;
    }
  }

  async addPermissions(userId: string, permissions: Permission[]): Promise<void> {
    if (permissions.length > 0) await this.call('POST', `${userPath(userId)}/permissions`, { permissions });
  }

  async removePermissions(userId: string, permissions: Permission[]): Promise<void> {
    if (permissions.length > 0) await this.call('DELETE', `${userPath(userId)}/permissions`, { permissions });
  }

  /** One call; a 401 (token revoked or expired early) gets one fresh token and one retry. Throws Auth0Rejection. */
  private async call(method: Auth0Call['method'], path: string, json?: unknown): Promise<Auth0Response> {
    for (const fresh of [false, true]) {
      const response = await auth0Request(
        MANAGEMENT_SERVICE,
        {
          method,
          url: `${this.origin}${path}`,
          headers: { authorization: `Bearer ${await this.token(fresh)}` },
          ...(json !== undefined ? { json } : {}),
        },
        this.tuning,
      );
      if (response.status >= 200 && response.status < 300) return response;
      if (response.status === 401 && !fresh) continue;
      if (response.status >= 400 && response.status < 500)
        throw rejectionFrom(response.status, response.body);
      throw badResponse({
        service: MANAGEMENT_SERVICE,
        what: `${method} ${path.split('?')[0] ?? path}`,
        problem: 'expected HTTP 2xx',
        status: response.status,
        headers: response.headers,
      });
    }
    throw new Auth0Rejection(401, 'Unauthorized', '');
  }
}

/** A 2xx body of the wrong shape is a bad response (exit 4), not an internal error. */
function valid<T>(schema: z.ZodType<T>, response: Auth0Response, what: string): T {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  throw badResponse({
    service: MANAGEMENT_SERVICE,
    what,
    problem: response.body === undefined ? 'the body is empty or not JSON' : parsed.error,
    status: response.status,
    headers: response.headers,
    exitCode: ExitCode.unreachable,
  });
}

function userPath(userId: string): string {
  return `/api/v2/users/${encodeURIComponent(userId)}`;
}
