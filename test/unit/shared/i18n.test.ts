import { describe, expect, it } from 'vitest';
import { langFromLocale, messages, translate, type MessageKey } from '../../../shared/i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('message catalogs', () => {
  const keys = Object.keys(messages) as MessageKey[];

  it('has Japanese and English text for every message', () => {
    for (const key of keys) {
      expect(messages[key].en.trim(), key).not.toBe('');
      expect(messages[key].ja.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of keys)
      expect(placeholders(messages[key].ja), key).toEqual(placeholders(messages[key].en));
  });

  it('Japanese messages are actually Japanese where they are sentences', () => {
    const sentences = keys.filter(
      (key) => messages[key].en.includes(' ') && !messages[key].en.startsWith('{'),
    );
    for (const key of sentences) {
      if (/^(--|tobira )/.test(messages[key].en)) continue;
      expect(messages[key].ja, key).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
    }
  });
});

describe('translate', () => {
  it('fills placeholders and keeps unknown ones visible', () => {
    expect(translate('en', 'profile.notFound', { name: 'work' })).toBe(
      'No profile named work. See tobira profile list.',
    );
    expect(translate('ja', 'profile.notFound', { name: 'work' })).toContain('work');
    expect(translate('en', 'profile.notFound')).toContain('{name}');
  });

  it('picks the language from the locale', () => {
    expect(langFromLocale({ LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(langFromLocale({ LANG: 'ja_JP.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(langFromLocale({ LC_MESSAGES: 'ja_JP' })).toBe('ja');
    expect(langFromLocale({})).toBe('en');
  });
});
