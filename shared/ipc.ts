import * as z from 'zod';
import type { IpcChannel } from './ipc-channels';

export { IPC_CHANNELS, type IpcChannel } from './ipc-channels';

/**
 * The contract between the renderer and the main process (and, in browser mode, the local HTTP bridge).
 * Every request and reply is validated with these schemas on the receiving side. Nothing here carries a secret.
 */
export const ProfileSummary = z.object({
  name: z.string(),
  type: z.string(),
  favourite: z.boolean().optional(),
  mfa: z.enum(['totp', 'command']).nullable(),
  fields: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProfileSummary = z.infer<typeof ProfileSummary>;

export const AppInfo = z.object({ version: z.string(), home: z.string(), lang: z.enum(['ja', 'en']) });
export type AppInfo = z.infer<typeof AppInfo>;

export const ipcContract = {
  'app:info': { request: z.object({}).strict(), reply: AppInfo },
  'profiles:list': { request: z.object({}).strict(), reply: z.array(ProfileSummary) },
} as const satisfies Record<IpcChannel, { request: z.ZodType; reply: z.ZodType }>;
export type IpcRequest<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['request']>;
export type IpcReply<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['reply']>;

/** The API the preload script exposes as `window.tobira` (and the browser-mode bridge implements). */
export interface TobiraApi {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcReply<C>>;
}
