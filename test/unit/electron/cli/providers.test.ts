import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { ProviderCommandId } from '../../../../electron/core/providers';
import { buildProgram } from '../../../../electron/cli/program';
import type { CliIo } from '../../../../electron/cli/io';

const declared = vi.hoisted(() => ({ commands: undefined as ProviderCommandId[] | undefined }));

vi.mock('../../../../electron/core/providers/registry', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../electron/core/providers/registry')>();
  return { ...real, providerCommands: () => declared.commands ?? real.providerCommands() };
});

function io(): CliIo {
  return {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: {},
    selfPath: '/usr/bin/tobira',
  };
}

function topLevel(): string[] {
  return buildProgram(io(), 'en').program.commands.map((command) => command.name());
}

describe('the CLI registers the command groups the providers declare', () => {
  it('registers apikey, idp-server and sim from the registry, each once', () => {
    declared.commands = undefined;
    const names = topLevel();
    for (const group of ['apikey', 'idp-server', 'sim']) {
      expect(names.filter((name) => name === group)).toEqual([group]);
    }
  });

  it('registers no provider group that no provider declares', () => {
    declared.commands = ['sim'];
    const names = topLevel();
    expect(names).toContain('sim');
    expect(names).not.toContain('apikey');
    expect(names).not.toContain('idp-server');
    // The generic commands do not depend on the declarations.
    expect(names).toEqual(expect.arrayContaining(['profile', 'login', 'export', 'doctor']));
  });
});
