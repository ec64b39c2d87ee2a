import * as z from 'zod';
import {
  ipcContract,
  type IpcChannel,
  type IpcReply,
  type IpcRequest,
  type IpcResult,
  type UiError,
} from '../../../shared/ipc';
import { describeUnknown, ExitCode, isTobiraError } from '../errors';
import type { AppService } from './service';

export type Handlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcReply<C>> };

const ok = { ok: true } as const;

/** Each contract channel mapped onto the service; the same table serves Electron IPC and browser mode. */
export function appHandlers(service: AppService): Handlers {
  return {
    'app:info': async () => service.info(),
    'settings:get': async () => service.settingsView(),
    'settings:set': async (request) => service.setSettings(request),
    'types:list': async () => service.types(),
    'profiles:list': ({ first, names }) => service.profiles(first, names),
    'profiles:get': ({ name }) => service.profile(name),
    'profiles:validate': async (request) => service.validate(request),
    'profiles:add': (request) => service.add(request),
    'profiles:remove': async ({ name, withDependents }) => {
      await service.profileList.remove(name, withDependents === true);
      return ok;
    },
    'profiles:dependents': async ({ name }) => service.profileList.dependents(name),
    'profiles:editForm': async ({ name }) => service.profileList.editForm(name),
    'profiles:validateEdit': (request) => service.profileList.validateEdit(request),
    'profiles:edit': (request) => service.profileList.edit(request),
    'profiles:linkCandidates': async ({ type, field, name }) =>
      service.profileList.linkCandidates(type, field, name),
    'profiles:rename': ({ from, to }) => service.rename(from, to),
    'profiles:favourite': ({ name, favourite }) => service.favourite(name, favourite),
    'profiles:consolePage': ({ name, page }) => service.profileList.consolePage(name, page),
    'session:login': ({ name, force }) => service.login(name, force === true),
    'session:logout': ({ name }) => service.logout(name),
    'activity:cancel': async ({ name }) => {
      service.cancelActivity(name);
      return ok;
    },
    'console:open': ({ name, copy }) => service.console(name, copy === true),
    'export:copy': ({ name, format }) => service.copyExport(name, format),
    'export:reveal': async ({ name, format }) => ({ text: await service.exportText(name, format) }),
    'otp:copy': ({ name }) => service.copyOtp(name),
    'otp:reveal': ({ name }) => service.revealOtp(name),
    'otp:codes': ({ name }) => service.otpCodes(name),
    'sim:status': (request) => service.providerAction('sim:status', request),
    'apikeys:list': (request) => service.providerAction('apikeys:list', request),
    'apikeys:create': (request) => service.providerAction('apikeys:create', request),
    'apikeys:rotate': (request) => service.providerAction('apikeys:rotate', request),
    'apikeys:revoke': (request) => service.providerAction('apikeys:revoke', request),
    'apikeys:permissions': (request) => service.providerAction('apikeys:permissions', request),
    'sso:sync': (request) => service.providerAction('sso:sync', request),
    'aws:key': (request) => service.providerAction('aws:key', request),
    'aws:rotate': (request) => service.providerAction('aws:rotate', request),
    'prompts:list': async () => ({ prompts: service.prompts.list(), activity: service.activity() }),
    'prompts:answer': async ({ id, value }) => {
      service.prompts.answer(id, value);
      return ok;
    },
    'prompts:cancel': async ({ id }) => {
      service.prompts.cancel(id);
      return ok;
    },
  };
}

export function isChannel(value: string): value is IpcChannel {
  return Object.hasOwn(ipcContract, value);
}

/**
 * Validates a request with the channel's schema, runs the handler and validates its reply. Failures become an error
 * envelope with a message key (TobiraError params never hold secrets); nothing else of an exception leaves.
 */
export async function dispatch<C extends IpcChannel>(
  handlers: Handlers,
  channel: C,
  raw: unknown,
): Promise<IpcResult<IpcReply<C>>> {
  const contract = ipcContract[channel];
  const request = contract.request.safeParse(raw ?? {});
  if (!request.success) return { ok: false, error: badRequest(request.error) };
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    const reply = contract.reply.parse(await handler(request.data)) as IpcReply<C>;
    return { ok: true, value: reply };
  } catch (error) {
    return { ok: false, error: toUiError(error) };
  }
}

function badRequest(error: z.ZodError): UiError {
  const issue = error.issues[0];
  return {
    key: 'ui.error.badRequest',
    params: { detail: `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() },
    exitCode: ExitCode.usage,
  };
}

export function toUiError(error: unknown): UiError {
  if (isTobiraError(error)) return { key: error.key, params: { ...error.params }, exitCode: error.exitCode };
  if (error instanceof z.ZodError) return badRequest(error);
  return { key: 'error.internal', params: { detail: describeUnknown(error) }, exitCode: ExitCode.error };
}
