import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, vi } from 'vitest';
import { TobiraError } from '../../../electron/core/errors';
import { LANGS, messages, type MessageKey } from '../../../shared/i18n';

/**
 * Shared pieces of the property-based fuzz suite (test/unit/fuzz/*.test.ts).
 *
 * Every property is run through `fuzz()`, which counts the generated cases per parser and, after the file, writes them
 * to test-output/fuzz/<file>.json; `node test/unit/fuzz/report.mjs` turns those into the table for SECURITY.md.
 * TOBIRA_FUZZ_SCALE=N multiplies every numRuns (a deeper local run); TOBIRA_FUZZ_SEED replays a failing seed.
 */

const SCALE = Math.max(1, Number(process.env.TOBIRA_FUZZ_SCALE ?? '1') || 1);
const SEED = process.env.TOBIRA_FUZZ_SEED === undefined ? undefined : Number(process.env.TOBIRA_FUZZ_SEED);

interface Counted {
  cases: number;
  numRuns: number;
}
const counted = new Map<string, Counted>();
let registered: string | undefined;

/** Registers the per-file writer of the case counts (called from each test file with import.meta.filename). */
export function recordCasesOf(testFile: string): void {
  registered = basename(testFile, '.test.ts');
  // A property runs hundreds of cases: more than the 5 s of a unit test, well under a minute (TOBIRA_FUZZ_SCALE aside).
  vi.setConfig({ testTimeout: 60_000 * SCALE });
  afterAll(() => {
    const dir = resolve(import.meta.dirname, '../../../test-output/fuzz');
    mkdirSync(dir, { recursive: true });
    const rows = Object.fromEntries([...counted].sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(
      join(dir, `${registered}.json`),
      `${JSON.stringify({ scale: SCALE, parsers: rows }, null, 2)}\n`,
    );
  });
}

export interface FuzzOptions<T> {
  numRuns: number;
  /** Fixed inputs run before the random ones: regression cases of bugs that fuzzing found. */
  examples?: NoInfer<T>[];
}

/** fc.assert of an async property, counting the cases that ran under `parser`. */
export async function fuzz<T>(
  parser: string,
  arbitrary: fc.Arbitrary<T>,
  property: (value: T) => Promise<void> | void,
  options: FuzzOptions<T>,
): Promise<void> {
  const entry = counted.get(parser) ?? { cases: 0, numRuns: 0 };
  counted.set(parser, entry);
  const numRuns = options.numRuns * SCALE;
  entry.numRuns += numRuns; // fast-check runs the examples within numRuns
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      entry.cases += 1;
      await property(value);
    }),
    {
      numRuns,
      ...(SEED !== undefined && Number.isFinite(SEED) ? { seed: SEED } : {}),
      ...(options.examples ? { examples: options.examples.map((example) => [example] as [T]) } : {}),
    },
  );
}

/** Placeholders of a catalog template, e.g. ["name", "path"]. */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

/**
 * The error a user would see is a clear TobiraError: not an internal error (which the CLI prints as "Unexpected
 * error"), its key in the catalog in both languages, every placeholder filled, and no secret in any rendering.
 */
export function assertCleanError(error: unknown, secrets: readonly string[] = []): TobiraError {
  if (!(error instanceof TobiraError)) {
    const text =
      error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
    throw new Error(`not a TobiraError (the CLI would print "Unexpected error"): ${text}`);
  }
  const entry = (messages as Record<string, Record<string, string> | undefined>)[error.key];
  if (entry === undefined) throw new Error(`message key ${error.key} is not in the catalog`);
  if (error.key === ('error.internal' as MessageKey)) throw new Error(`internal error: ${error.message}`);
  for (const lang of LANGS) {
    const template = entry[lang];
    if (typeof template !== 'string' || template.trim() === '') {
      throw new Error(`message ${error.key} has no ${lang} text`);
    }
    const missing = placeholders(template).filter((name) => !Object.hasOwn(error.params, name));
    if (missing.length > 0) throw new Error(`${error.key} (${lang}) misses params ${missing.join(', ')}`);
    const rendered = error.render(lang);
    for (const secret of secrets) {
      if (secret.length > 0 && rendered.includes(secret)) {
        throw new Error(`${error.key} (${lang}) shows a secret: ${rendered}`);
      }
    }
  }
  for (const secret of secrets) {
    if (secret.length > 0 && `${error.message}\n${error.stack ?? ''}`.includes(secret)) {
      throw new Error(`${error.key}: the message or stack holds a secret`);
    }
  }
  return error;
}

/** Runs `work`, failing when it neither resolves nor rejects within `ms` (a hang). */
export async function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hangs: no outcome after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Outcome of code under fuzz: its value, or the error it threw (checked by the caller). */
export async function outcome<T>(
  work: () => Promise<T> | T,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Keys that break naive object handling (prototype pollution, String() on objects without toString). */
export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** Strings biased towards what breaks parsers: unicode, control characters, brackets, quotes, percent signs. */
export const nastyString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\r\n',
      '%',
      '%zz',
      '%E0%A4%A',
      '[',
      ']',
      '{name}',
      '"',
      "'",
      '\\',
      '../..',
      'http://[',
      '\uD800',
      ...NASTY_KEYS,
    ),
  );

/** JSON values including objects with the nasty keys above. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    nastyString(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString(12), fc.constantFrom(...NASTY_KEYS)), tie('value'), { maxKeys: 5 }),
  ),
})).value;
