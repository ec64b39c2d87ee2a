import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { filesContaining } from '../../../harness/canary';

const PIN = '73915804';
const READER = 'Virtual PCD 00 00';
/** How the mocked card answers VERIFY PIN1: tries left after each wrong PIN. */
const card = { tries: 3, pins: [] as string[] };

// The PC/SC layer is replaced by a card that only checks the PIN; the service, the Krypton login and its PIN
// prompt are the real ones. (The real card path is covered by test/integration/providers/krypton.)
vi.mock('../../../../electron/core/sim', async (importActual) => {
  const actual = await importActual<typeof import('../../../../electron/core/sim')>();
  return {
    ...actual,
    withUsim: async (options: { pin?: () => Promise<string> }) => {
      if (!options.pin) throw new Error('expected a PIN to be asked');
      const pin = await options.pin();
      card.pins.push(pin);
      if (pin !== PIN) {
        card.tries -= 1;
        throw card.tries === 0
          ? actual.simErrors.pinBlocked(READER)
          : actual.simErrors.pinWrong(READER, card.tries);
      }
      // Past the PIN: the rest of the sign-in is not this test's business.
      throw new Error('past the PIN');
    },
  };
});

const { AppService } = await import('../../../../electron/core/app');
const { isTobiraError } = await import('../../../../electron/core');

async function nextPrompt(service: InstanceType<typeof AppService>, seen: Set<string>) {
  for (let waited = 0; waited < 5000; waited += 10) {
    const prompt = service.prompts.list().find((candidate) => !seen.has(candidate.id));
    if (prompt) {
      seen.add(prompt.id);
      return prompt;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no prompt came');
}

describe('AppService: the SIM PIN of an aws-krypton profile (--second-factor sim-pin)', () => {
  it('asks it in a masked prompt that says it is never stored, and names the tries left after a wrong PIN', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'tobira-app-pin-')), 'h');
    const service = new AppService({
      home,
      env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' },
      platform: { mode: 'browser', systemLang: 'en' },
    });
    await service.add({
      type: 'aws-krypton',
      name: 'sim',
      options: { reader: READER, secondFactor: 'sim-pin' },
    });
    const seen = new Set<string>();

    const first = service.login('sim');
    const prompt = await nextPrompt(service, seen);
    expect(prompt).toMatchObject({
      kind: 'secret',
      profile: 'sim',
      provider: 'SORACOM Krypton',
      label: { key: 'krypton.pin.label', params: { name: 'sim', reader: READER } },
      note: { key: 'ui.prompt.neverStored' },
      warning: null,
      requester: null,
    });
    expect(service.activity()).toMatchObject([{ profile: 'sim', waitingFor: 'prompt' }]);
    service.prompts.answer(prompt.id, '11111111');
    const wrong = await first.catch((error: unknown) => error);
    expect(isTobiraError(wrong) && wrong.key).toBe('sim.pin.wrong');

    const second = service.login('sim');
    const again = await nextPrompt(service, seen);
    expect(again.warning).toEqual({ key: 'ui.prompt.pinWrong', params: { reader: READER, tries: 2 } });
    service.prompts.answer(again.id, '22222222');
    expect(await second.catch((error: unknown) => isTobiraError(error) && error.key)).toBe(
      'sim.pin.wrongLast',
    );

    const third = service.login('sim');
    const last = await nextPrompt(service, seen);
    expect(last.warning).toEqual({ key: 'ui.prompt.pinWrongLast', params: { reader: READER, tries: 1 } });
    // A malformed PIN never reaches the card (it would cost a try).
    service.prompts.answer(last.id, '12');
    expect(await third.catch((error: unknown) => isTobiraError(error) && error.key)).toBe('sim.pin.format');
    expect(card.pins).toEqual(['11111111', '22222222']);

    const fourth = service.login('sim');
    const right = await nextPrompt(service, seen);
    service.prompts.answer(right.id, PIN);
    await fourth.catch(() => undefined);
    expect(card.pins.at(-1)).toBe(PIN);
    for (const pin of [PIN, '11111111', '22222222']) expect(filesContaining(home, pin)).toEqual([]);
  });
});
