import { defineCatalog } from '../types';

export const commonMessages = defineCatalog({
  'error.internal': {
    en: 'Unexpected error: {detail}',
    ja: '予期しないエラーです: {detail}',
  },
  'error.usage': {
    en: '{detail}',
    ja: '{detail}',
  },
  'error.home.permissions': {
    en: 'Cannot use the data folder {path}: {detail}',
    ja: 'データフォルダ {path} を使用できません: {detail}',
  },
  'input.secret.empty': {
    en: 'No secret was given. Pipe it on stdin (one line) or type it at the prompt.',
    ja: 'シークレットが入力されていません。標準入力に 1 行で渡すか、プロンプトで入力してください。',
  },
  'input.secret.prompt': {
    en: '{label}: ',
    ja: '{label}: ',
  },
});
