// Shared by every catalog file: one entry per message, Japanese and English side by side so neither is forgotten.
export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

export interface Message {
  readonly en: string;
  readonly ja: string;
}

export type Catalog = Readonly<Record<string, Message>>;

/** Identity helper that keeps each catalog's literal keys while checking its shape. */
export function defineCatalog<const C extends Catalog>(catalog: C): C {
  return catalog;
}
