import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { FieldView, TypeView, ValidationResult } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { errorText } from '../errors';
import { hasMessage, useT, type T } from '../i18n';
import { Dialog } from './Dialog';
import { ProviderIcon } from './ProviderIcon';
import { FormError } from './FormError';

interface AddProfileProps {
  call: Call;
  types: TypeView[];
  /** Pre-filled values (e.g. a switch-user target of a SORACOM profile: its source). */
  initial?: { type?: string; options?: Record<string, string> };
  onDone(name: string): void;
  onClose(): void;
}

type Values = Record<string, string | boolean>;

/** A field's label: the short ui.field.<key> label where the catalog has one, else the flag's own description. */
function fieldLabel(t: T, field: FieldView): string {
  const short = `ui.field.${field.key}`;
  if (hasMessage(short)) return t(short);
  const text = t(field.description);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The add form of any provider, generated from its `profile add` flags; errors come from the provider's build(). */
export function AddProfile({ call, types, initial, onDone, onClose }: AddProfileProps) {
  const t = useT();
  const [type, setType] = useState<string | undefined>(initial?.type);
  const spec = types.find((candidate) => candidate.type === type);
  const [name, setName] = useState('');
  const [values, setValues] = useState<Values>(initial?.options ?? {});
  const [secret, setSecret] = useState('');
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [check, setCheck] = useState<ValidationResult | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const groups = useMemo(() => {
    const byLabel = new Map<string, TypeView[]>();
    for (const candidate of types)
      byLabel.set(candidate.label, [...(byLabel.get(candidate.label) ?? []), candidate]);
    return [...byLabel.entries()];
  }, [types]);

  const request = useMemo(
    () => ({
      type: type ?? '',
      name,
      options: Object.fromEntries(
        Object.entries(values).filter(([, value]) => value !== '' && value !== false),
      ),
      ...(spec?.secret ? { secret } : {}),
    }),
    [type, name, values, secret, spec],
  );

  useEffect(() => {
    if (!spec) return;
    const timer = setTimeout(() => {
      void call('profiles:validate', request).then(setCheck, () => undefined);
    }, 150);
    return () => clearTimeout(timer);
  }, [call, request, spec]);

  const touch = (field: string) => setTouched((previous) => new Set(previous).add(field));
  const visibleError = (field: string): string | undefined => {
    if (!check || check.ok || check.field !== field || !check.error) return undefined;
    if (!submitted && !touched.has(field)) return undefined;
    return t(check.error.key, check.error.params);
  };
  const formError =
    check && !check.ok && check.error && (check.field === null || submitted) && !visibleErrorShown(check)
      ? t(check.error.key, check.error.params)
      : undefined;
  function visibleErrorShown(result: ValidationResult): boolean {
    return result.field !== null && (submitted || touched.has(result.field));
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    if (!spec) return;
    setBusy(true);
    try {
      // Checked again now: the debounced check may be older than the last keystroke.
      const fresh = await call('profiles:validate', request);
      setCheck(fresh);
      if (!fresh.ok) return;
      const added = await call('profiles:add', request);
      onDone(added.name);
    } catch (error) {
      setFailure(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  if (!spec) {
    return (
      <Dialog title={t('ui.add.title')} onClose={onClose} wide description={t('ui.add.chooseType')}>
        <div className="type-grid" role="group" aria-label={t('ui.add.chooseType')}>
          {groups.map(([label, members]) =>
            members.map((member) => (
              <button
                key={member.type}
                type="button"
                className="type-card"
                onClick={() => setType(member.type)}
                data-type={member.type}
              >
                <ProviderIcon label={label} size={36} />
                <span>
                  <strong>{label}</strong>
                  <span className="muted small type-name">
                    {hasMessage(`ui.type.${member.type}`) ? t(`ui.type.${member.type}`) : member.type}
                  </span>
                </span>
              </button>
            )),
          )}
        </div>
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            {t('ui.cancel')}
          </button>
        </div>
      </Dialog>
    );
  }

  const error = (field: string) => {
    const text = visibleError(field);
    return text ? (
      <p className="field-error" id={`err-${field}`} role="alert">
        {text}
      </p>
    ) : null;
  };
  const describedBy = (field: string) => (visibleError(field) ? `err-${field}` : `hint-${field}`);

  return (
    <Dialog
      title={t('ui.add.titleType', {
        provider: spec.label,
        type: hasMessage(`ui.type.${spec.type}`) ? t(`ui.type.${spec.type}`) : spec.type,
      })}
      onClose={onClose}
      wide
      description={
        <span className="prompt-who">
          <ProviderIcon label={spec.label} size={28} />
          <code>tobira profile add NAME --type {spec.type}</code>
        </span>
      }
    >
      <form onSubmit={submit} noValidate className="form">
        <div className="field">
          <label htmlFor="f-name">{t('ui.field.name')}</label>
          <input
            id="f-name"
            data-autofocus
            value={name}
            onChange={(event) => setName(event.target.value)}
            onBlur={() => touch('name')}
            aria-invalid={visibleError('name') ? true : undefined}
            aria-describedby={describedBy('name')}
            autoComplete="off"
            spellCheck={false}
          />
          <p className="hint" id="hint-name">
            {t('ui.field.nameHint')}
          </p>
          {error('name')}
        </div>
        {spec.fields.map((field) => {
          const id = `f-${field.key}`;
          const value = values[field.key];
          const set = (next: string | boolean) =>
            setValues((previous) => ({ ...previous, [field.key]: next }));
          if (field.kind === 'boolean') {
            return (
              <div className="field checkbox" key={field.key}>
                <input
                  id={id}
                  type="checkbox"
                  checked={value === true}
                  onChange={(event) => set(event.target.checked)}
                  aria-describedby={describedBy(field.key)}
                />
                <label htmlFor={id}>{fieldLabel(t, field)}</label>
                <code className="flag" id={`hint-${field.key}`}>
                  {field.flag}
                </code>
                {error(field.key)}
              </div>
            );
          }
          return (
            <div className="field" key={field.key}>
              <label htmlFor={id}>{fieldLabel(t, field)}</label>
              {field.kind === 'choice' ? (
                <select
                  id={id}
                  value={typeof value === 'string' ? value : ''}
                  onChange={(event) => set(event.target.value)}
                  onBlur={() => touch(field.key)}
                  aria-describedby={describedBy(field.key)}
                >
                  <option value="">{t('ui.field.default')}</option>
                  {field.choices.map((choice) => (
                    <option key={choice} value={choice}>
                      {hasMessage(`day.${field.key}.${choice}`) ? t(`day.${field.key}.${choice}`) : choice}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  value={typeof value === 'string' ? value : ''}
                  onChange={(event) => set(event.target.value)}
                  onBlur={() => touch(field.key)}
                  aria-invalid={visibleError(field.key) ? true : undefined}
                  aria-describedby={describedBy(field.key)}
                  autoComplete="off"
                  spellCheck={false}
                />
              )}
              <p className="hint" id={`hint-${field.key}`}>
                {hasMessage(`ui.field.${field.key}`) ? `${t(field.description)} · ` : ''}
                <code className="flag">{field.flag}</code>
              </p>
              {error(field.key)}
            </div>
          );
        })}
        {spec.secret && (
          <div className="field">
            <label htmlFor="f-secret">{t(spec.secret.label)}</label>
            <input
              id="f-secret"
              type="password"
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
              onBlur={() => touch('secret')}
              aria-invalid={visibleError('secret') ? true : undefined}
              aria-describedby={describedBy('secret')}
              autoComplete="new-password"
            />
            <p className="hint" id="hint-secret">
              {t('ui.field.secretHint')}
            </p>
            {error('secret')}
          </div>
        )}
        <FormError message={failure || formError} />
        <div className="actions">
          {!initial?.type && (
            <button type="button" className="button subtle" onClick={() => setType(undefined)}>
              {t('ui.back')}
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            {t('ui.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('ui.working') : t('ui.add.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
