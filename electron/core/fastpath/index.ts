/**
 * Paths of the CLI that answer before the CLI itself is loaded (electron/cli/main.ts imports this lazily). Only
 * code that needs no zod, commander or message catalog belongs here.
 */
export { credentialProcessFromCache } from '../providers/aws/fast-path';
