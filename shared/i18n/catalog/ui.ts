import { defineCatalog } from '../types';

export const uiMessages = defineCatalog({
  'ui.loading': { en: 'Loading…', ja: '読み込み中…' },
  'ui.profiles': { en: 'Profiles', ja: 'プロファイル' },
  'ui.noProfiles': {
    en: 'No profiles yet. Add one with tobira profile add.',
    ja: 'プロファイルはまだありません。tobira profile add で追加してください。',
  },
  'ui.noBridge': {
    en: 'This page must be opened from the Tobira app or from tobira ui.',
    ja: 'このページは Tobira アプリか tobira ui から開いてください。',
  },
});
