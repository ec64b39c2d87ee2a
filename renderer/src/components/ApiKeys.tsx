import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ApiKeyView, IpcReply, NewApiKey, UiMessage } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { errorText } from '../errors';
import { useAction } from '../hooks/useAction';
import type { Notify } from '../hooks/useToasts';
import { useLang, useT } from '../i18n';
import { ConfirmDialog } from './ConfirmDialog';
import { Dialog } from './Dialog';
import { FormError } from './FormError';

interface ApiKeysProps {
  /** The auth0-admin profile whose Management API client manages the keys. */
  admin: string;
  call: Call;
  notify: Notify;
}

type Open =
  | { kind: 'create' }
  | { kind: 'shown'; key: NewApiKey; warning: UiMessage | null; failure: UiMessage | null }
  | { kind: 'rotate'; key: ApiKeyView }
  | { kind: 'revoke'; key: ApiKeyView }
  | { kind: 'edit'; key: ApiKeyView };

/** The comma- or space-separated permissions input of the create and edit dialogs. */
function PermissionsField(props: {
  id: string;
  value: string;
  onChange(value: string): void;
  autoFocus?: boolean;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={props.id}>{t('ui.keys.permissions')}</label>
      <input
        id={props.id}
        data-autofocus={props.autoFocus ? true : undefined}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-describedby={`${props.id}-hint`}
        autoComplete="off"
        spellCheck={false}
      />
      <p className="hint" id={`${props.id}-hint`}>
        {t('ui.keys.permissionsHint')}
      </p>
    </div>
  );
}

function splitPermissions(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
}

/** Auth0 API keys of an admin profile: list, create (shown once), rotate, revoke, edit permissions. */
export function ApiKeys({ admin, call, notify }: ApiKeysProps) {
  const t = useT();
  const lang = useLang();
  const [list, setList] = useState<IpcReply<'apikeys:list'> | undefined>();
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<string | undefined>();
  const [open, setOpen] = useState<Open | undefined>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setList(await call('apikeys:list', { name: admin }));
      setFailure(undefined);
    } catch (error) {
      setFailure(errorText(t, error));
    } finally {
      setLoading(false);
    }
  }, [admin, call, t]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  const close = () => setOpen(undefined);
  const date = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', { dateStyle: 'medium' }) : '—';

  return (
    <section className="card" aria-labelledby="sec-keys">
      <div className="card-head">
        <h3 id="sec-keys">{t('ui.keys.title')}</h3>
        <span className="spacer" />
        <button type="button" className="button subtle" onClick={() => void load()} disabled={loading}>
          {t('ui.refresh')}
        </button>
        <button type="button" className="button primary" onClick={() => setOpen({ kind: 'create' })}>
          {t('ui.keys.create')}
        </button>
      </div>
      {list && (
        <p className="muted small">
          {t('ui.keys.help', { connection: list.connection, audience: list.audience })}
        </p>
      )}
      <FormError message={failure} />
      {loading && !list && <p role="status">{t('ui.keys.loading')}</p>}
      {list && list.keys.length === 0 && <p className="muted">{t('ui.keys.empty')}</p>}
      {list && list.keys.length > 0 && (
        <ul className="key-list" aria-label={t('ui.keys.title')}>
          {list.keys.map((key) => (
            <li key={key.id} data-key={key.id} className="key-item">
              <div className="key-head">
                <strong className="key-name">{key.name || key.id}</strong>
                {key.blocked && <span className="badge state-expired">{t('ui.keys.blocked')}</span>}
                <span className="spacer" />
                <button
                  type="button"
                  className="button subtle"
                  aria-label={`${t('ui.keys.edit')} ${key.name}`}
                  onClick={() => setOpen({ kind: 'edit', key })}
                >
                  {t('ui.keys.edit')}
                </button>
                <button
                  type="button"
                  className="button subtle"
                  aria-label={`${t('ui.keys.rotate')} ${key.name}`}
                  onClick={() => setOpen({ kind: 'rotate', key })}
                >
                  {t('ui.keys.rotate')}
                </button>
                <button
                  type="button"
                  className="button subtle danger-text"
                  aria-label={`${t('ui.keys.revoke')} ${key.name}`}
                  onClick={() => setOpen({ kind: 'revoke', key })}
                >
                  {t('ui.keys.revoke')}
                </button>
              </div>
              <p className="muted small key-meta">
                {t('ui.keys.id')} <code>{key.id}</code> · {t('ui.keys.created')} {date(key.created)}
                {key.profiles.length > 0
                  ? ` · ${t('ui.keys.heldBy', { profiles: key.profiles.join(', ') })}`
                  : ''}
              </p>
              <div className="permissions" aria-label={t('ui.keys.permissions')}>
                {key.permissions.length === 0 ? (
                  <span className="muted small">
                    {t('ui.keys.permissions')}: {t('ui.keys.none')}
                  </span>
                ) : (
                  key.permissions.map((permission) => (
                    <code key={permission} className="permission">
                      {permission}
                    </code>
                  ))
                )}
              </div>
            </li>
          ))}
        </ul>
      )}

      {open?.kind === 'create' && (
        <CreateKey
          onClose={close}
          create={async (keyName, permissions) => {
            const key = await call('apikeys:create', { name: admin, keyName, permissions });
            notify(t('ui.keys.createdNotice', { id: key.id }));
            setOpen({ kind: 'shown', key, warning: null, failure: null });
            void load();
          }}
        />
      )}
      {open?.kind === 'shown' && (
        <NewKey
          created={open.key}
          warning={open.warning}
          failure={open.failure}
          list={list}
          addProfile={async (name, clientId) => {
            if (!list) return;
            // The key goes back only into the new profile's secret store entry, never into any reply.
            await call('profiles:add', {
              type: 'auth0-apikey',
              name,
              options: { domain: list.domain, clientId, audience: list.audience, realm: list.connection },
              secret: open.key.key,
            });
            notify(t('day.keys.profileAdded', { name }));
          }}
          onClose={close}
        />
      )}
      {open?.kind === 'rotate' && (
        <ConfirmDialog
          title={t('ui.keys.rotateTitle', { name: open.key.name || open.key.id })}
          body={t('ui.keys.rotateBody', { id: open.key.id })}
          submit={t('ui.keys.rotateSubmit')}
          danger={false}
          onClose={close}
          run={async () => {
            const result = await call('apikeys:rotate', { name: admin, id: open.key.id });
            if (!result.failure) {
              notify(t('ui.keys.rotatedNotice', { oldId: open.key.id, id: result.created.id }));
            }
            setOpen({ kind: 'shown', key: result.created, warning: result.warning, failure: result.failure });
            void load();
          }}
        />
      )}
      {open?.kind === 'revoke' && (
        <ConfirmDialog
          title={t('ui.keys.revokeTitle', { name: open.key.name || open.key.id })}
          body={t('ui.keys.revokeBody', { id: open.key.id })}
          submit={t('ui.keys.revokeSubmit')}
          danger
          onClose={close}
          run={async () => {
            const { id } = await call('apikeys:revoke', { name: admin, id: open.key.id, confirm: true });
            notify(t('ui.keys.revoked', { id }));
            close();
            void load();
          }}
        />
      )}
      {open?.kind === 'edit' && (
        <EditPermissions
          apiKey={open.key}
          onClose={close}
          save={async (permissions) => {
            const result = await call('apikeys:permissions', {
              name: admin,
              id: open.key.id,
              set: permissions,
            });
            notify(
              t('ui.keys.saved', {
                id: result.id,
                permissions: result.permissions.join(', ') || t('ui.keys.none'),
              }),
            );
            close();
            void load();
          }}
        />
      )}
    </section>
  );
}

interface CreateKeyProps {
  create(keyName: string, permissions: string[]): Promise<void>;
  onClose(): void;
}

function CreateKey({ create, onClose }: CreateKeyProps) {
  const t = useT();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState('');
  const { busy, failure, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => create(name, splitPermissions(permissions)));
  };
  return (
    <Dialog title={t('ui.keys.createTitle')} onClose={onClose} wide>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="key-name">{t('ui.keys.name')}</label>
          <input
            id="key-name"
            data-autofocus
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="off"
            maxLength={100}
          />
        </div>
        <PermissionsField id="key-permissions" value={permissions} onChange={setPermissions} />
        <FormError message={failure} />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            {t('ui.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy || name.trim() === ''}>
            {busy ? t('ui.working') : t('ui.keys.createSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface NewKeyProps {
  created: NewApiKey;
  warning: UiMessage | null;
  failure: UiMessage | null;
  list: IpcReply<'apikeys:list'> | undefined;
  /** Stores the key as an auth0-apikey profile of this tenant's connection and API. */
  addProfile(name: string, clientId: string): Promise<void>;
  onClose(): void;
}

/** The one moment the key is on screen: it lives in this dialog's state only, and is gone when it closes. */
function NewKey({ created, warning, failure, list, addProfile, onClose }: NewKeyProps) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const [profileName, setProfileName] = useState(created.name.replace(/[^\w.-]+/g, '-').slice(0, 64));
  const [clientId, setClientId] = useState('');
  const [added, setAdded] = useState<string | undefined>();
  const adding = useAction();
  const submitProfile = (event: FormEvent) => {
    event.preventDefault();
    void adding.run(async () => {
      await addProfile(profileName.trim(), clientId.trim());
      setAdded(profileName.trim());
    });
  };
  const copy = async () => {
    await navigator.clipboard.writeText(created.key);
    setCopied(true);
  };
  return (
    <Dialog title={t('ui.keys.newTitle')} onClose={onClose} wide description={created.name}>
      <p className="warning-note" role="note">
        {t('ui.keys.once')}
      </p>
      <FormError message={failure && t(failure.key, failure.params)} />
      {warning && <p className="muted small">{t(warning.key, warning.params)}</p>}
      <div className="new-key">
        <code className="snippet new-key-value" aria-label={t('ui.keys.newTitle')} tabIndex={0}>
          {created.key}
        </code>
        <button type="button" className="button" onClick={() => void copy()}>
          {t('ui.keys.copyKey')}
        </button>
      </div>
      <dl className="details">
        <div>
          <dt>{t('ui.keys.id')}</dt>
          <dd>
            <code>{created.id}</code>
          </dd>
        </div>
        <div>
          <dt>{t('ui.keys.permissions')}</dt>
          <dd>{created.permissions.join(', ') || t('ui.keys.none')}</dd>
        </div>
      </dl>
      {list && !added && (
        <form className="add-key-profile" onSubmit={submitProfile}>
          <p className="muted small">{t('ui.keys.useIt')}</p>
          <div className="field">
            <label htmlFor="key-profile-name">{t('day.keys.profileName')}</label>
            <input
              id="key-profile-name"
              value={profileName}
              onChange={(event) => setProfileName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="key-profile-client">{t('auth0.opt.clientId')}</label>
            <input
              id="key-profile-client"
              value={clientId}
              onChange={(event) => setClientId(event.target.value)}
              spellCheck={false}
            />
          </div>
          <FormError message={adding.failure} />
          <button
            type="submit"
            className="button"
            disabled={adding.busy || profileName.trim() === '' || clientId.trim() === ''}
          >
            {t('day.keys.addProfile')}
          </button>
        </form>
      )}
      {added && (
        <p role="status" className="small">
          {t('day.keys.profileAdded', { name: added })}
        </p>
      )}
      <div className="actions">
        <span role="status" className="muted small">
          {copied ? t('ui.copied') : ''}
        </span>
        <button type="button" className="button primary" onClick={onClose}>
          {t('ui.keys.done')}
        </button>
      </div>
    </Dialog>
  );
}

interface EditPermissionsProps {
  apiKey: ApiKeyView;
  save(permissions: string[]): Promise<void>;
  onClose(): void;
}

function EditPermissions({ apiKey, save, onClose }: EditPermissionsProps) {
  const t = useT();
  const [text, setText] = useState(apiKey.permissions.join(', '));
  const { busy, failure, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => save(splitPermissions(text)));
  };
  return (
    <Dialog title={t('ui.keys.editTitle', { name: apiKey.name || apiKey.id })} onClose={onClose} wide>
      <form className="form" onSubmit={submit} noValidate>
        <PermissionsField id="edit-permissions" value={text} onChange={setText} autoFocus />
        <FormError message={failure} />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            {t('ui.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('ui.working') : t('ui.keys.editSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
