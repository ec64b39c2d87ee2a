import { useEffect, useState } from 'react';
import type { IpcReply, TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { Dialog } from './Dialog';
import { FormError } from './FormError';
import { ProfileForm } from './ProfileForm';
import { ProviderIcon } from './ProviderIcon';

interface EditProfileProps {
  call: Call;
  name: string;
  types: TypeView[];
  onDone(name: string): void;
  onClose(): void;
}

/** The edit form: the add form of the profile's type, filled with its stored values; an empty secret keeps it. */
export function EditProfile({ call, name, types, onDone, onClose }: EditProfileProps) {
  const t = useT();
  const [form, setForm] = useState<IpcReply<'profiles:editForm'> | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    void call('profiles:editForm', { name }).then(
      (reply) => live && setForm(reply),
      (error: unknown) => live && setFailure(errorText(t, error)),
    );
    return () => {
      live = false;
    };
  }, [call, name, t]);
  const spec = types.find((candidate) => candidate.type === form?.type);
  if (!form || !spec) {
    return (
      <Dialog title={t('form.edit.title', { name })} onClose={onClose}>
        {failure ? <FormError message={failure} /> : <p className="muted">{t('ui.loading')}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            {t('ui.close')}
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <ProfileForm
      call={call}
      spec={spec}
      mode={{ kind: 'edit', name }}
      initialValues={form.values}
      title={t('form.edit.title', { name })}
      description={
        <span className="prompt-who">
          <ProviderIcon label={spec.label} size={28} />
          <code>tobira profile edit {name}</code>
        </span>
      }
      submitLabel={t('form.edit.submit')}
      onDone={onDone}
      onClose={onClose}
    />
  );
}
