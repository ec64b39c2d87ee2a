import { ExitCode, TobiraError, describeUnknown } from '../errors';
import type { MessageKey, MessageParams } from '../../../shared/i18n';

// Every SIM failure exits 1 (error). Exit 4 is the contract's "provider unreachable or 5xx", which is about a cloud
// service; a stopped pcscd or a missing card is a local problem the user fixes on their own machine.
function simError(key: MessageKey, params: MessageParams = {}, cause?: unknown): TobiraError {
  return new TobiraError(key, ExitCode.error, params, cause === undefined ? undefined : { cause });
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

export const simErrors = {
  pcscUnavailable: (cause?: unknown) => simError('sim.pcsc.unavailable', {}, cause),
  libraryUnavailable: (cause: unknown) =>
    simError('sim.pcsc.libraryUnavailable', { detail: describeUnknown(cause) }, cause),
  timeout: (operation: string, ms: number) =>
    simError('sim.pcsc.timeout', { operation, seconds: seconds(ms) }),
  noReader: () => simError('sim.reader.none'),
  readerNotFound: (reader: string, available: readonly string[]) =>
    simError('sim.reader.notFound', { reader, available: listOrNone(available) }),
  cardAbsent: (reader: string, cause?: unknown) => simError('sim.card.absent', { reader }, cause),
  noCardInserted: (available: readonly string[]) =>
    simError('sim.card.noneInserted', { available: listOrNone(available) }),
  notUsim: (reader: string) => simError('sim.card.notUsim', { reader }),
  fileNotFound: (reader: string, file: string) => simError('sim.card.fileNotFound', { reader, file }),
  pinRequired: (reader: string, file: string, sw: number) =>
    simError('sim.card.pinRequired', { reader, file, sw: swHex(sw) }),
  unexpectedStatus: (reader: string, command: string, sw: number) =>
    simError('sim.card.unexpectedStatus', { reader, command, sw: swHex(sw) }),
  malformed: (what: string, detail: string) => simError('sim.card.malformed', { what, detail }),
  cardRemoved: (reader: string, cause?: unknown) => simError('sim.card.removed', { reader }, cause),
  readerGone: (reader: string, cause?: unknown) => simError('sim.reader.gone', { reader }, cause),
  waitTimedOut: (reader: string | undefined, ms: number, available: readonly string[]) =>
    reader === undefined
      ? simError('sim.wait.anyTimedOut', { seconds: seconds(ms), available: listOrNone(available) })
      : simError('sim.wait.timedOut', { reader, seconds: seconds(ms) }),
  // A wrong or blocked PIN is the card refusing the person: exit 3 like any rejected secret (docs/architecture.md §5).
  pinWrong: (reader: string, triesLeft: number) =>
    new TobiraError(triesLeft === 1 ? 'sim.pin.wrongLast' : 'sim.pin.wrong', ExitCode.rejected, {
      reader,
      tries: triesLeft,
    }),
  pinBlocked: (reader: string) => new TobiraError('sim.pin.blocked', ExitCode.rejected, { reader }),
  pinFormat: () => new TobiraError('sim.pin.format', ExitCode.usage),
  pinUnsupported: (reader: string, sw: number) => simError('sim.pin.unsupported', { reader, sw: swHex(sw) }),
  macFailure: (reader: string) => new TobiraError('sim.auth.macFailure', ExitCode.rejected, { reader }),
  transmitFailed: (reader: string, cause: unknown) =>
    simError('sim.transmit.failed', { reader, detail: pcscMessage(cause) }, cause),
};

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function listOrNone(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.map((name) => `"${name}"`).join(', ');
}

function pcscMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns a failure of the smartcard binding into a TobiraError. The binding rejects with plain Errors whose message
 * is pcsc-lite's text for the SCARD_* code (no numeric code is attached), so the mapping is on that text.
 */
export function fromPcscError(error: unknown, reader?: string): TobiraError {
  if (error instanceof TobiraError) return error;
  const message = pcscMessage(error);
  if (/service not running|service stopped|no service/i.test(message))
    return simErrors.pcscUnavailable(error);
  if (/no readers available/i.test(message)) return simErrors.noReader();
  if (reader === undefined) return simError('sim.pcsc.failed', { detail: message }, error);
  if (/no smart card present|card is unpowered/i.test(message)) return simErrors.cardAbsent(reader, error);
  // Pulled out (or reset by another program) while we were talking to it.
  if (/card was removed|card was reset/i.test(message)) return simErrors.cardRemoved(reader, error);
  if (/reader unavailable|unknown reader/i.test(message)) return simErrors.readerGone(reader, error);
  if (/sharing violation/i.test(message)) return simError('sim.card.busy', { reader }, error);
  return simErrors.transmitFailed(reader, error);
}
