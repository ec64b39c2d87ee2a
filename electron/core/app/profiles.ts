import type { IpcRequest, ProfileView, ValidationResult } from '../../../shared/ipc';
import { ExitCode, isTobiraError, TobiraError } from '../errors';
import { providerSpec } from '../providers/registry';
import type { SessionManager } from '../providers/session';
import { clearConsoleIdentity } from '../usecases/console';
import { ProfileName } from '../vault/schema';
import type { AppContext } from './context';
import { fieldOf, profileView } from './views';

type AddRequest = IpcRequest<'profiles:add'>;

/** The profile list of the app: its views with session state, and the add form's checks, add, rename and the rest. */
export class Profiles {
  constructor(
    private readonly context: AppContext,
    private readonly sessions: () => SessionManager,
  ) {}

  async list(): Promise<ProfileView[]> {
    const all = this.context.vault().list();
    const status = new Map(
      (await this.sessions().status()).map((row) => [
        row.profile.name,
        { state: row.state, expiration: row.expiration ?? null },
      ]),
    );
    return all.map((record) => profileView(record, all, status.get(record.name)));
  }

  async view(name: string): Promise<ProfileView> {
    const found = (await this.list()).find((profile) => profile.name === name);
    if (!found) throw new TobiraError('profile.notFound', ExitCode.error, { name });
    return found;
  }

  /** The first problem of an add form, tied to the field its error names; never echoes the secret. */
  validate(request: AddRequest): ValidationResult {
    try {
      this.build(request);
      return { ok: true, field: null, error: null };
    } catch (error) {
      if (!isTobiraError(error)) throw error;
      return {
        ok: false,
        field: error.field ?? null,
        error: { key: error.key, params: { ...error.params } },
      };
    }
  }

  private build(request: AddRequest) {
    if (!ProfileName.safeParse(request.name).success) throw badName(request.name);
    if (
      this.context
        .vault()
        .list()
        .some((profile) => profile.name === request.name)
    ) {
      throw new TobiraError('profile.exists', ExitCode.error, { name: request.name }, { field: 'name' });
    }
    const spec = providerSpec(request.type);
    const fields = new Map(spec.addOptions.map((option) => [option.key, fieldOf(option)]));
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(request.options)) {
      const field = fields.get(key);
      if (!field)
        throw new TobiraError('profile.badOption', ExitCode.usage, { option: key, type: spec.type });
      if (field.kind === 'boolean') {
        if (value === true) options[key] = true;
      } else if (typeof value === 'string' && value.trim() !== '') {
        options[key] = value.trim();
      }
    }
    const secret = request.secret?.trim() ? request.secret.trim() : undefined;
    // The provider's own checks first, so a wrong field is reported even before the secret is typed.
    const built = spec.build(options, spec.secretInput ? secret : undefined);
    if (spec.secretInput && secret === undefined) {
      throw new TobiraError('input.secret.empty', ExitCode.usage, {}, { field: 'secret' });
    }
    return { spec, built };
  }

  async add(request: AddRequest): Promise<ProfileView> {
    const { spec, built } = this.build(request);
    await this.context.vault().add({ name: request.name, type: spec.type, ...built });
    this.changed();
    return this.view(request.name);
  }

  async remove(name: string): Promise<void> {
    // Its browser identity goes with it (the renderer asked first); an open window of it stops the removal.
    if (clearConsoleIdentity(this.context.home, this.context.vault().get(name)) === 'in-use') {
      throw new TobiraError('console.identity.removeInUse', ExitCode.error, { name });
    }
    await this.context.vault().remove(name);
    this.changed();
  }

  async rename(from: string, to: string): Promise<ProfileView> {
    if (!ProfileName.safeParse(to).success) throw badName(to);
    await this.context.vault().rename(from, to);
    this.changed();
    return this.view(to);
  }

  async favourite(name: string, favourite: boolean): Promise<ProfileView> {
    await this.context.vault().profiles.update(async (file) => {
      const profile = file.profiles.find((candidate) => candidate.name === name);
      if (!profile) throw new TobiraError('profile.notFound', ExitCode.error, { name });
      if (favourite) profile.favourite = true;
      else delete profile.favourite;
      return { file, result: undefined };
    });
    this.changed();
    return this.view(name);
  }

  private changed(): void {
    this.context.emit({ kind: 'changed', topics: ['profiles'] });
  }
}

/** The refusal of a profile name the vault would not take, tied to the form's name field. */
function badName(name: string): TobiraError {
  return new TobiraError('profile.badName', ExitCode.usage, { name }, { field: 'name' });
}
