import { createContext, useContext } from 'react';
import { messages, translate, type Lang, type MessageKey } from '../../shared/i18n';

export type T = (key: string, params?: Record<string, string | number>) => string;

/** A tiny equivalent of react-i18next over shared/i18n: keys from any catalog, unknown keys shown as they are. */
export function makeT(lang: Lang): T {
  return (key, params) => (Object.hasOwn(messages, key) ? translate(lang, key as MessageKey, params) : key);
}

export function hasMessage(key: string): boolean {
  return Object.hasOwn(messages, key);
}

export const LangContext = createContext<{ lang: Lang; t: T }>({ lang: 'en', t: makeT('en') });

export function useT(): T {
  return useContext(LangContext).t;
}

export function useLang(): Lang {
  return useContext(LangContext).lang;
}
