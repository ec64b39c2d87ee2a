export function launchTarget(launch: string): string;
export const LAUNCH_TARGET_MODULE: string;
