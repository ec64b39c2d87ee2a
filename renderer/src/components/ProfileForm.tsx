import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FieldError, FieldView, TypeView, ValidationResult } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { errorText } from '../errors';
import { hasMessage, useT, type T } from '../i18n';
import { Dialog } from './Dialog';
import { FormError } from './FormError';

export type Values = Record<string, string | boolean>;

interface ProfileFormProps {
  call: Call;
  spec: TypeView;
  /** add: a new profile with a name field; edit: the named profile, whose secret an empty field keeps. */
  mode: { kind: 'add' } | { kind: 'edit'; name: string };
  initialValues: Values;
  title: string;
  description?: ReactNode;
  submitLabel: string;
  /** Add: back to the choice of type. */
  onBack?(): void;
  onDone(name: string): void;
  onClose(): void;
}

/** A field's label: the short ui.field.<key> label where the catalog has one, else the flag's own description. */
export function fieldLabel(t: T, field: FieldView): string {
  const short = `ui.field.${field.key}`;
  if (hasMessage(short)) return t(short);
  const text = t(field.description);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The kind (SORACOM: root / SAM / AuthKey) whose fields have values, else the first. */
function initialKind(spec: TypeView, values: Values): number {
  const found = spec.kinds.findIndex((group) => group.some((key) => values[key]));
  return found < 0 ? 0 : found;
}

/**
 * The add and edit form of any provider, generated from its `profile add` flags. The core checks it (the same checks
 * as the CLI) and answers every problem at once, in the form's words; after a failed submit the first invalid field
 * takes the focus. Escape, Cancel and Back ask before discarding typed input.
 */
export function ProfileForm(props: ProfileFormProps) {
  const { call, spec, mode, initialValues, title, description, submitLabel, onBack, onDone, onClose } = props;
  const t = useT();
  const [name, setName] = useState('');
  const [values, setValues] = useState<Values>(initialValues);
  const [secret, setSecret] = useState('');
  const [kind, setKind] = useState(() => initialKind(spec, initialValues));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [check, setCheck] = useState<ValidationResult | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState<(() => void) | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);

  const kindKeys = useMemo(() => new Set(spec.kinds.flat()), [spec]);
  const visible = useMemo(
    () => spec.fields.filter((field) => !kindKeys.has(field.key) || spec.kinds[kind]?.includes(field.key)),
    [spec, kindKeys, kind],
  );

  const options = useMemo(() => {
    const chosen = new Set(spec.kinds[kind] ?? []);
    const result: Values = {};
    for (const field of visible) {
      const value = values[field.key];
      // The chosen kind's fields go along even when empty: the core then says which of them are required.
      if (chosen.has(field.key)) result[field.key] = typeof value === 'string' ? value : '';
      else if (value !== undefined && value !== '' && value !== false) result[field.key] = value;
    }
    return result;
  }, [spec, kind, visible, values]);

  const validate = useMemo(() => {
    if (mode.kind === 'add') {
      const request = { type: spec.type, name, options, ...(spec.secret ? { secret } : {}) };
      return {
        check: () => call('profiles:validate', request),
        save: async () => (await call('profiles:add', request)).name,
      };
    }
    const request = { name: mode.name, options, ...(spec.secret && secret ? { secret } : {}) };
    return {
      check: () => call('profiles:validateEdit', request),
      save: async () => (await call('profiles:edit', request)).name,
    };
  }, [call, mode, spec, name, options, secret]);

  useEffect(() => {
    const timer = setTimeout(() => {
      void validate.check().then(setCheck, () => undefined);
    }, 150);
    return () => clearTimeout(timer);
  }, [validate]);

  const dirty =
    name !== '' ||
    secret !== '' ||
    kind !== initialKind(spec, initialValues) ||
    visible.some((field) => (values[field.key] ?? '') !== (initialValues[field.key] ?? ''));
  /** Runs `then` at once on an untouched form; otherwise asks first. */
  const confirmDiscard = (then: () => void) => {
    if (discarding) {
      setDiscarding(undefined); // Escape on the question: keep editing
      return;
    }
    if (dirty) setDiscarding(() => then);
    else then();
  };
  useEffect(() => {
    if (discarding) keepRef.current?.focus();
  }, [discarding]);

  const errorsOf = (field: string): FieldError[] =>
    check?.errors.filter((error) => error.field === field) ?? [];
  const shown = (field: string): string | undefined => {
    if (!submitted && !touched.has(field)) return undefined;
    const errors = errorsOf(field);
    return errors.length > 0
      ? errors.map((error) => t(error.error.key, error.error.params)).join(' ')
      : undefined;
  };
  const formErrors = submitted ? (check?.errors.filter((error) => error.field === null) ?? []) : [];
  const touch = (field: string) => setTouched((previous) => new Set(previous).add(field));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    setBusy(true);
    try {
      // Checked again now: the debounced check may be older than the last keystroke.
      const fresh = await validate.check();
      setCheck(fresh);
      if (!fresh.ok) {
        focusFirstInvalid(fresh);
        return;
      }
      onDone(await validate.save());
    } catch (error) {
      setFailure(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  /** The first field (in the form's order) with a problem takes the focus, so its message is read out with it. */
  const focusFirstInvalid = (result: ValidationResult) => {
    const invalid = new Set(result.errors.map((error) => error.field));
    const order = [...(mode.kind === 'add' ? ['name'] : []), ...visible.map((field) => field.key), 'secret'];
    const first = order.find((key) => invalid.has(key));
    // After React has rendered the messages the inputs point at.
    setTimeout(() => formRef.current?.querySelector<HTMLElement>(`#f-${first ?? 'none'}`)?.focus(), 0);
  };

  const error = (field: string) => {
    const text = shown(field);
    return text ? (
      <p className="field-error" id={`err-${field}`}>
        {text}
      </p>
    ) : null;
  };
  const aria = (field: string): FieldAria => ({
    'aria-invalid': shown(field) ? true : undefined,
    'aria-describedby': shown(field) ? `err-${field}` : `hint-${field}`,
  });
  const firstField = mode.kind === 'add' ? 'name' : (visible[0]?.key ?? 'secret');

  return (
    <Dialog title={title} onClose={() => confirmDiscard(onClose)} wide description={description}>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        {mode.kind === 'add' && (
          <div className="field">
            <label htmlFor="f-name">{t('ui.field.name')}</label>
            <input
              id="f-name"
              data-autofocus
              value={name}
              onChange={(event) => setName(event.target.value)}
              onBlur={() => touch('name')}
              {...aria('name')}
              autoComplete="off"
              spellCheck={false}
            />
            <p className="hint" id="hint-name">
              {t('ui.field.nameHint')}
            </p>
            {error('name')}
          </div>
        )}
        {spec.kinds.length > 0 && (
          <fieldset className="field kind-choice">
            <legend>{t('form.kind')}</legend>
            {spec.kinds.map((group, index) => (
              <label key={group.join('+')} className="kind-option">
                <input
                  type="radio"
                  name="kind"
                  value={index}
                  data-fields={group.join(' ')}
                  checked={kind === index}
                  onChange={() => setKind(index)}
                />
                {hasMessage(`form.kind.${spec.type}.${index}`)
                  ? t(`form.kind.${spec.type}.${index}`)
                  : group
                      .map((key) => spec.fields.find((field) => field.key === key))
                      .filter((field): field is FieldView => field !== undefined)
                      .map((field) => fieldLabel(t, field))
                      .join(' + ')}
              </label>
            ))}
          </fieldset>
        )}
        {visible.map((field) => (
          <FieldInput
            key={field.key}
            call={call}
            spec={spec}
            field={field}
            self={mode.kind === 'edit' ? mode.name : undefined}
            value={values[field.key]}
            set={(next) => setValues((previous) => ({ ...previous, [field.key]: next }))}
            touch={() => touch(field.key)}
            aria={aria(field.key)}
            autofocus={firstField === field.key}
            error={error(field.key)}
          />
        ))}
        {spec.secret && (
          <div className="field">
            <label htmlFor="f-secret">{t(spec.secret.label)}</label>
            <input
              id="f-secret"
              type="password"
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
              onBlur={() => touch('secret')}
              {...aria('secret')}
              autoComplete="new-password"
              {...(firstField === 'secret' ? { 'data-autofocus': true } : {})}
            />
            <p className="hint" id="hint-secret">
              {mode.kind === 'edit' ? t('form.edit.secretHint') : t('ui.field.secretHint')}
            </p>
            {error('secret')}
          </div>
        )}
        <div className="form-alerts">
          {submitted && check && !check.ok && (
            <FormError message={t('form.errors', { count: check.errors.length })} />
          )}
          {formErrors.map((item) => (
            <FormError key={item.error.key} message={t(item.error.key, item.error.params)} />
          ))}
          <FormError message={failure} />
        </div>
        {discarding ? (
          <div className="actions discard" role="group" aria-labelledby="discard-question">
            <span id="discard-question">{t('form.discard.question')}</span>
            <span className="spacer" />
            <button type="button" className="button" ref={keepRef} onClick={() => setDiscarding(undefined)}>
              {t('form.discard.keep')}
            </button>
            <button type="button" className="button danger" onClick={() => discarding()}>
              {t('form.discard.confirm')}
            </button>
          </div>
        ) : (
          <div className="actions">
            {onBack && (
              <button type="button" className="button subtle" onClick={() => confirmDiscard(onBack)}>
                {t('ui.back')}
              </button>
            )}
            <span className="spacer" />
            <button type="button" className="button" onClick={() => confirmDiscard(onClose)}>
              {t('ui.cancel')}
            </button>
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? t('ui.working') : submitLabel}
            </button>
          </div>
        )}
      </form>
    </Dialog>
  );
}

interface FieldAria {
  'aria-invalid': true | undefined;
  'aria-describedby': string;
}

interface FieldInputProps {
  call: Call;
  spec: TypeView;
  field: FieldView;
  /** The profile being edited: never offered as its own source. */
  self: string | undefined;
  value: string | boolean | undefined;
  set(next: string | boolean): void;
  touch(): void;
  aria: FieldAria;
  autofocus: boolean;
  error: ReactNode;
}

/** One field: a switch, a choice, a picker (a source profile, a SIM reader) or text. */
function FieldInput({ call, spec, field, self, value, set, touch, aria, autofocus, error }: FieldInputProps) {
  const t = useT();
  const id = `f-${field.key}`;
  const text = typeof value === 'string' ? value : '';
  const focus = autofocus ? { 'data-autofocus': true } : {};
  const picked = usePickerChoices(call, spec.type, field, self);
  if (field.kind === 'boolean') {
    return (
      <div className="field checkbox">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(event) => set(event.target.checked)}
          aria-describedby={aria['aria-describedby']}
          {...focus}
        />
        <label htmlFor={id}>{fieldLabel(t, field)}</label>
        <code className="flag" id={`hint-${field.key}`}>
          {field.flag}
        </code>
        {error}
      </div>
    );
  }
  let control: ReactNode;
  let note: string | undefined;
  if (field.kind === 'choice' || picked !== undefined) {
    const choices = field.kind === 'choice' ? field.choices : (picked ?? []);
    const empty =
      field.picker === 'profile'
        ? t('form.link.choose')
        : field.picker === 'sim-reader'
          ? t('form.reader.first')
          : t('ui.field.default');
    if (field.picker === 'profile' && choices.length === 0) note = t('form.link.none');
    control = (
      <select
        id={id}
        value={text}
        onChange={(event) => set(event.target.value)}
        onBlur={touch}
        {...aria}
        {...focus}
      >
        <option value="">{empty}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {field.kind === 'choice' && hasMessage(`day.${field.key}.${choice}`)
              ? t(`day.${field.key}.${choice}`)
              : choice}
          </option>
        ))}
        {text !== '' && !choices.includes(text) && (
          <option value={text}>
            {field.picker === 'sim-reader' ? t('form.reader.absent', { name: text }) : text}
          </option>
        )}
      </select>
    );
  } else {
    control = (
      <input
        id={id}
        value={text}
        onChange={(event) => set(event.target.value)}
        onBlur={touch}
        {...aria}
        {...focus}
        autoComplete="off"
        spellCheck={false}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{fieldLabel(t, field)}</label>
      {control}
      <p className="hint" id={`hint-${field.key}`}>
        {note ? `${note} · ` : ''}
        {hasMessage(`ui.field.${field.key}`) ? `${t(field.description)} · ` : ''}
        <code className="flag">{field.flag}</code>
      </p>
      {error}
    </div>
  );
}

/**
 * The choices of a picker field: compatible source profiles, or the SIM readers `sim status` sees. Undefined for a
 * plain field, and for a reader picker when the readers cannot be listed (the field is then typed).
 */
function usePickerChoices(
  call: Call,
  type: string,
  field: FieldView,
  self: string | undefined,
): string[] | undefined {
  const [choices, setChoices] = useState<string[] | undefined>();
  useEffect(() => {
    let live = true;
    if (field.picker === 'profile') {
      void call('profiles:linkCandidates', { type, field: field.key, ...(self ? { name: self } : {}) }).then(
        (names) => live && setChoices(names),
        () => live && setChoices([]),
      );
    } else if (field.picker === 'sim-reader') {
      void call('sim:status', {}).then(
        (status) =>
          live && setChoices(status.available ? status.readers.map((reader) => reader.name) : undefined),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [call, type, field, self]);
  return field.picker === 'profile' ? (choices ?? []) : choices;
}
