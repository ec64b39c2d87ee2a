import type {
  ConsolePageFields,
  FieldError,
  IpcReply,
  IpcRequest,
  ProfileSummary,
  ProfileView,
  ValidationResult,
} from '../../../shared/ipc';
import { ExitCode, isTobiraError, TobiraError } from '../errors';
import { optionsOfFields } from '../providers/edit';
import { linkCandidates, linkProblems } from '../providers/links';
import { knownProvider, providerSpec } from '../providers/registry';
import type { ProviderProfileSpec } from '../providers/types';
import {
  addBuiltProfile,
  allDependents,
  checkEdit,
  editProfile,
  removeProfile,
  renameProfile,
} from '../usecases/profiles';
import { formErrors } from './form-errors';
import type { SessionManager } from '../providers/session';
import { clearConsoleIdentity, rememberConsolePage, type ConsolePage } from '../usecases/console';
import { ProfileName, type ProfileRecord } from '../vault/schema';
import type { AppContext } from './context';
import { fieldOf, profileSummary, profileView } from './views';

type AddRequest = IpcRequest<'profiles:add'>;
type EditRequest = IpcRequest<'profiles:edit'>;

/** The profile list of the app: its views with session state, and the add form's checks, add, rename and the rest. */
export class Profiles {
  constructor(
    private readonly context: AppContext,
    private readonly sessions: () => SessionManager,
  ) {}

  /**
   * The list's rows: a slim summary per profile (`view` has the rest). `first` answers only the first rows in list
   * order, so a window opening on 10,000 profiles shows rows at once while the whole list follows; `names` answers
   * only those rows (after a change to them alone, instead of 10,000 rows again).
   */
  async list(first?: number, names?: readonly string[]): Promise<ProfileSummary[]> {
    const all = this.context.vault().list();
    if (first !== undefined || names !== undefined) {
      const wanted = names && new Set(names);
      const top = wanted ? all.filter((record) => wanted.has(record.name)) : listOrder(all).slice(0, first);
      const rows: ProfileSummary[] = [];
      for (const record of top) {
        const status = await this.sessions().statusOf(record);
        rows.push(
          profileSummary(record, status && { state: status.state, expiration: status.expiration ?? null }),
        );
      }
      return rows;
    }
    const status = new Map(
      (await this.sessions().status()).map((row) => [
        row.profile.name,
        { state: row.state, expiration: row.expiration ?? null },
      ]),
    );
    return all.map((record) => profileSummary(record, status.get(record.name)));
  }

  /** One profile as the detail pane shows it. */
  async view(name: string): Promise<ProfileView> {
    const all = this.context.vault().list();
    const record = all.find((profile) => profile.name === name);
    if (!record) throw new TobiraError('profile.notFound', ExitCode.error, { name });
    const status = await this.sessions().statusOf(record);
    return profileView(record, all, status && { state: status.state, expiration: status.expiration ?? null });
  }

  /**
   * Every problem of an add form: `errors` in the form's words, each tied to its field, and `field`/`error` the
   * provider's first problem as it said it. Never echoes the secret.
   */
  validate(request: AddRequest): ValidationResult {
    const found: unknown[] = [];
    const profiles = this.context.vault().list();
    if (!ProfileName.safeParse(request.name).success) found.push(badName(request.name));
    else if (profiles.some((profile) => profile.name === request.name)) found.push(exists(request.name));
    const spec = knownProvider(request.type)?.profile;
    const secret = request.secret?.trim() ? request.secret.trim() : undefined;
    try {
      const { built } = this.build(request);
      found.push(...linkProblems(request.type, request.name, built.fields, profiles));
    } catch (error) {
      found.push(error); // an unknown type too: said on the form, not thrown
    }
    const errors = found.flatMap((error) => formErrors(error, spec, request.options));
    // The secret is required whatever else is wrong: said at once, not after the other fields are fixed.
    if (spec?.secretInput && secret === undefined && !errors.some((error) => error.field === 'secret')) {
      errors.push({ field: 'secret', error: { key: 'form.required', params: {} } });
    }
    return result(errors, found[0]);
  }

  private build(request: AddRequest) {
    const spec = providerSpec(request.type);
    const options = formOptions(spec, request.options);
    const secret = request.secret?.trim() ? request.secret.trim() : undefined;
    // The provider's own checks first, so a wrong field is reported even before the secret is typed.
    const built = spec.build(options, spec.secretInput ? secret : undefined);
    if (spec.secretInput && secret === undefined) {
      throw new TobiraError('input.secret.empty', ExitCode.usage, {}, { field: 'secret' });
    }
    return { spec, built };
  }

  async add(request: AddRequest): Promise<ProfileView> {
    if (!ProfileName.safeParse(request.name).success) throw badName(request.name);
    if (
      this.context
        .vault()
        .list()
        .some((profile) => profile.name === request.name)
    ) {
      throw exists(request.name);
    }
    const { spec, built } = this.build(request);
    await addBuiltProfile(this.context.vault(), request.name, spec.type, built);
    this.changed();
    return this.view(request.name);
  }

  /** The edit form's starting values: the stored fields as the add options that made them (no secret). */
  editForm(name: string): IpcReply<'profiles:editForm'> {
    const record = this.context.vault().get(name);
    const spec = providerSpec(record.type);
    return {
      type: record.type,
      values: optionsOfFields(spec, record.fields),
      hasSecret: spec.secretInput !== undefined,
    };
  }

  async validateEdit(request: EditRequest): Promise<ValidationResult> {
    const record = this.context.vault().get(request.name);
    const spec = providerSpec(record.type);
    try {
      await checkEdit(this.context.vault(), request.name, this.editOf(spec, request));
      return result([], undefined);
    } catch (error) {
      return result(formErrors(error, spec, request.options), error);
    }
  }

  async edit(request: EditRequest): Promise<ProfileView> {
    const record = this.context.vault().get(request.name);
    const spec = providerSpec(record.type);
    await editProfile(this.context.vault(), request.name, this.editOf(spec, request));
    this.changed();
    return this.view(request.name);
  }

  /** The form's values as an edit that replaces every field; an empty secret keeps the stored one. */
  private editOf(spec: ProviderProfileSpec, request: EditRequest) {
    const secret = request.secret?.trim();
    return {
      options: formOptions(spec, request.options),
      replace: true,
      ...(secret ? { secret } : {}),
    };
  }

  linkCandidates(type: string, field: string, name: string | undefined): string[] {
    return linkCandidates(type, field, name, this.context.vault().list());
  }

  dependents(name: string): string[] {
    const profiles = this.context.vault().list();
    if (!profiles.some((profile) => profile.name === name)) {
      throw new TobiraError('profile.notFound', ExitCode.error, { name });
    }
    return allDependents(name, profiles);
  }

  async remove(name: string, withDependents = false): Promise<void> {
    const vault = this.context.vault();
    const record = vault.get(name);
    // Its browser identity goes with it (the renderer asked first); an open window of it stops the removal. Checked
    // only when the removal can go ahead: with dependents and no withDependents, removeProfile refuses first.
    const removing = withDependents || allDependents(name, vault.list()).length === 0;
    if (removing && clearConsoleIdentity(this.context.home, record) === 'in-use') {
      throw new TobiraError('console.identity.removeInUse', ExitCode.error, { name });
    }
    const removed = await removeProfile(vault, name, withDependents);
    for (const gone of removed.slice(1)) clearConsoleIdentity(this.context.home, gone);
    this.changed();
  }

  async rename(from: string, to: string): Promise<ProfileView> {
    if (!ProfileName.safeParse(to).success) throw badName(to);
    await renameProfile(this.context.vault(), from, to);
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
    this.changed([name]);
    return this.view(name);
  }

  /**
   * Remembers where the profile's console opens (the tray favourite and Open console follow it), checked by the
   * provider's own console code as `tobira console --remember` is; an empty page forgets it.
   */
  async consolePage(name: string, given: ConsolePageFields): Promise<ProfileView> {
    const record = this.context.vault().get(name);
    const pages = knownProvider(record.type)?.sessions?.consolePages;
    if (!pages) throw new TobiraError('cli.console.unsupported', ExitCode.usage, { name, type: record.type });
    const page: ConsolePage = {};
    for (const key of ['service', 'region', 'destination'] as const) {
      const value = given[key]?.trim();
      if (value) page[key] = value;
    }
    pages.check(page, this.context.env);
    await rememberConsolePage(this.context.vault(), name, page);
    this.changed([name]);
    return this.view(name);
  }

  /** Tells the windows to re-read the list; `only` names the profiles that alone changed (a one-row update). */
  private changed(only?: string[]): void {
    this.context.emit({ kind: 'changed', topics: ['profiles'], ...(only ? { profiles: only } : {}) });
  }
}

/** A form's values limited to the type's fields: empty text left out, a switch only when on. */
function formOptions(
  spec: ProviderProfileSpec,
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const fields = new Map(spec.addOptions.map((option) => [option.key, fieldOf(option)]));
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    const field = fields.get(key);
    if (!field) throw new TobiraError('profile.badOption', ExitCode.usage, { option: key, type: spec.type });
    if (field.kind === 'boolean') {
      if (value === true) options[key] = true;
    } else if (typeof value === 'string' && value.trim() !== '') {
      options[key] = value.trim();
    }
  }
  return options;
}

/** The form's errors, with the first problem as the provider said it (`field`, `error`). */
function result(errors: FieldError[], first: unknown): ValidationResult {
  if (errors.length === 0) return { ok: true, field: null, error: null, errors };
  const raw = isTobiraError(first) ? first : undefined;
  return {
    ok: false,
    field: raw ? (raw.field ?? null) : (errors[0]?.field ?? null),
    error: raw ? { key: raw.key, params: { ...raw.params } } : (errors[0]?.error ?? null),
    errors,
  };
}

function exists(name: string): TobiraError {
  return new TobiraError('profile.exists', ExitCode.error, { name }, { field: 'name' });
}

/** The refusal of a profile name the vault would not take, tied to the form's name field. */
function badName(name: string): TobiraError {
  return new TobiraError('profile.badName', ExitCode.usage, { name }, { field: 'name' });
}

const collator = new Intl.Collator(undefined, { sensitivity: 'variant' });
/** The list order of a profiles.json version, kept while that version is the one read (the app caches it). */
const orders = new WeakMap<readonly ProfileRecord[], ProfileRecord[]>();

/** Favourites first, then by name: the order the app's list shows. */
function listOrder(all: readonly ProfileRecord[]): ProfileRecord[] {
  let order = orders.get(all);
  if (!order) {
    order = [...all].sort(
      (a, b) =>
        Number(b.favourite === true) - Number(a.favourite === true) || collator.compare(a.name, b.name),
    );
    orders.set(all, order);
  }
  return order;
}
