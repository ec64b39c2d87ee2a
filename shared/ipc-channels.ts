/** The channel names alone, free of zod, so the sandboxed preload stays a single tiny file. */
export const IPC_CHANNELS = [
  'app:info',
  'settings:get',
  'settings:set',
  'types:list',
  'profiles:list',
  'profiles:validate',
  'profiles:add',
  'profiles:remove',
  'profiles:rename',
  'profiles:favourite',
  'session:login',
  'session:logout',
  'activity:cancel',
  'console:open',
  'export:copy',
  'export:reveal',
  'otp:copy',
  'otp:reveal',
  'otp:codes',
  'sim:status',
  'apikeys:list',
  'apikeys:create',
  'apikeys:rotate',
  'apikeys:revoke',
  'apikeys:permissions',
  'prompts:list',
  'prompts:answer',
  'prompts:cancel',
] as const;
export type IpcChannel = (typeof IPC_CHANNELS)[number];

/** The one main → renderer push channel: "something changed, fetch again" plus transient notices. */
export const IPC_EVENT_CHANNEL = 'tobira:event';
