// TOBIRA_BROWSER for the IAM Identity Center tests: a "browser" already signed in to the access portal. It reads the
// launch file tobira hands it, loads the authorization URL and follows the redirect back to tobira's loopback receiver.
import { appendFileSync } from 'node:fs';
import { launchTarget } from '../../../harness/launch-target.mjs';

const [log, launch] = process.argv.slice(2);
const target = launchTarget(launch ?? '');
appendFileSync(log ?? '/dev/null', `${target}\n`);
const response = await fetch(target);
process.exitCode = response.ok ? 0 : 1;
