import { awsConfigLinker, awsCredentialSessions } from '../aws';
import type { ProviderDefinition } from '../types';
import { kryptonActions } from './actions';
import { loginKrypton } from './login';
import { kryptonProfile } from './profile';

/**
 * `aws-krypton`: AWS credentials from Amazon Cognito through SORACOM Krypton, authenticated by the SIM. The session
 * data is AwsCredentials, so console, credential-process, export, exec and link are the AWS provider's own.
 */
export const kryptonProvider: ProviderDefinition = {
  profile: kryptonProfile,
  sessions: { provider: 'aws', login: loginKrypton, ...awsCredentialSessions },
  linker: awsConfigLinker,
  // The SIM that signs in: `tobira sim status` and the app's SIM page.
  extras: { commands: ['sim'], actions: kryptonActions },
};

export { KRYPTON_TYPE } from './profile';
