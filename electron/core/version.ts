import { version } from '../../package.json';

export const TOBIRA_VERSION: string = version;
