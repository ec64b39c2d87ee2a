import type { ProviderDefinition } from '../types';
import { alibabaEnv, alibabaJson, aliyunExternalOutput, identifyAlibaba } from './export';
import { alibabaLinker, EXTERNAL_FORMAT } from './link';
import { loginAlibaba, logoutAlibaba } from './login';
import { alibabaProfile } from './profile';

export const alibabaProvider: ProviderDefinition = {
  profile: alibabaProfile,
  sessions: {
    provider: 'alibaba',
    login: loginAlibaba,
    logout: logoutAlibaba,
    identify: identifyAlibaba,
    exportJson: alibabaJson,
    exportEnv: alibabaEnv,
    formats: { [EXTERNAL_FORMAT]: aliyunExternalOutput },
  },
  linker: alibabaLinker,
};

export { aliyunImporter } from './import';
export { ALIBABA_TYPE } from './profile';
