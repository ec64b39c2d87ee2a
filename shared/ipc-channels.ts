/** The channel names alone, free of zod, so the sandboxed preload stays a single tiny file. */
export const IPC_CHANNELS = ['app:info', 'profiles:list'] as const;
export type IpcChannel = (typeof IPC_CHANNELS)[number];
