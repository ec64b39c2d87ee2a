/**
 * What the CLI's entry file runs before the CLI itself is loaded. electron/cli/main.ts imports this statically, so
 * it is bundled into the small entry file every command parses: only synchronous code that needs no zod, commander,
 * message catalog or ESM import of a CommonJS package belongs here. The process-wide step timer (TOBIRA_TIMINGS=1)
 * lives here too, so that the entry file can print it.
 */
export { credentialProcessFast } from './credential-process';
export { markStep, timingSummary } from '../timings';
