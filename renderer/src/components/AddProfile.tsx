import { useMemo, useState } from 'react';
import type { TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { hasMessage, useT, type T } from '../i18n';
import { Dialog } from './Dialog';
import { ProfileForm } from './ProfileForm';
import { ProviderIcon } from './ProviderIcon';

interface AddProfileProps {
  call: Call;
  types: TypeView[];
  /** Pre-filled values (e.g. a switch-user target of a SORACOM profile: its source). */
  initial?: { type?: string; options?: Record<string, string> };
  onDone(name: string): void;
  onClose(): void;
}

/** The add form of any provider, generated from its `profile add` flags; errors come from the provider's build(). */
export function AddProfile({ call, types, initial, onDone, onClose }: AddProfileProps) {
  const t = useT();
  const [type, setType] = useState<string | undefined>(initial?.type);
  const spec = types.find((candidate) => candidate.type === type);
  const groups = useMemo(() => {
    const byLabel = new Map<string, TypeView[]>();
    for (const candidate of types)
      byLabel.set(candidate.label, [...(byLabel.get(candidate.label) ?? []), candidate]);
    return [...byLabel.entries()];
  }, [types]);

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
                  <span className="muted small type-name">{typeName(t, member.type)}</span>
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

  return (
    // Keyed by type: a new dialog mounts, so the focus moves into the form's first field.
    <ProfileForm
      key={spec.type}
      call={call}
      spec={spec}
      mode={{ kind: 'add' }}
      initialValues={initial?.options ?? {}}
      title={t('ui.add.titleType', {
        provider: spec.label,
        type: hasMessage(`ui.type.${spec.type}`) ? t(`ui.type.${spec.type}`) : spec.type,
      })}
      description={
        <span className="prompt-who">
          <ProviderIcon label={spec.label} size={28} />
          <code>tobira profile add NAME --type {spec.type}</code>
        </span>
      }
      submitLabel={t('ui.add.submit')}
      {...(initial?.type ? {} : { onBack: () => setType(undefined) })}
      onDone={onDone}
      onClose={onClose}
    />
  );
}

function typeName(t: T, type: string): string {
  return hasMessage(`ui.type.${type}`) ? t(`ui.type.${type}`) : type;
}
