export {
  BROWSER_KINDS,
  detectBrowsers,
  findBrowser,
  kindOfProgram,
  systemProbe,
  type BrowserKind,
  type BrowserProbe,
  type DetectedBrowser,
} from './detect';
export {
  hasProfileIdentity,
  identityColour,
  identityDir,
  identityInUse,
  profileIdentityDir,
  removeProfileIdentity,
  type IdentityRemoval,
} from './identity';
export {
  CONSOLE_BROWSER_NAMES,
  consoleBrowser,
  identityCommand,
  parseBrowserChoice,
  type ConsoleBrowser,
  type ConsoleBrowserChoice,
  type IdentityOwner,
} from './launch';
