import { useEffect, useRef, useState } from 'react';
import type { ActivityView, AppInfo, ProfileSummary, ProfileView, TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { canCopy } from '../clipboard';
import { useRun, type Run } from '../hooks/useRun';
import { useT } from '../i18n';
import { EditProfile } from './EditProfile';
import type { Notify } from '../hooks/useToasts';
import { InlineError } from './InlineError';
import { ActivityBar } from './profile/ActivityBar';
import { ConsolePageSection } from './profile/ConsolePageSection';
import { DetailHeader } from './profile/DetailHeader';
import { DetailsSection } from './profile/DetailsSection';
import { ExportRevealDialog, ExportSection } from './profile/ExportSection';
import { OtpSection } from './profile/OtpSection';
import { RemoveDialog } from './profile/RemoveDialog';
import { SessionSection } from './profile/SessionSection';
import { TargetsSection } from './profile/TargetsSection';
import { ProviderPanels } from './ProviderPanels';

interface ProfileDetailProps {
  profile: ProfileView;
  profiles: ProfileSummary[];
  types: TypeView[];
  info: AppInfo;
  call: Call;
  activity: ActivityView | undefined;
  now: number;
  notify: Notify;
  select(name: string): void;
  addDerived(type: string, source: string): void;
}

/** One profile: the sections its capabilities call for, in a fixed order, and their dialogs. */
export function ProfileDetail(props: ProfileDetailProps) {
  const { profile, profiles, types, info, call, activity, now, notify, select, addDerived } = props;
  const type = types.find((candidate) => candidate.type === profile.type);
  const formats = type?.formats ?? [];
  const [format, setFormat] = useState(formats[0] ?? 'env');
  const [revealing, setRevealing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [editing, setEditing] = useState(false);
  const t = useT();
  // While one action runs, the others wait. Its failure stays in the pane until dismissed (or the next action).
  const [problem, setProblem] = useState<string | undefined>();
  const { busy, run: runAction } = useRun(notify, setProblem);
  const run: Run = (work) => {
    setProblem(undefined);
    return runAction(work);
  };
  const clipboard = canCopy(info);
  const article = useRef<HTMLElement>(null);
  // A step that removed the focused control (a rename re-keys this pane, a removal shows the next profile) leaves
  // the focus on <body>: it goes to the profile's title instead, so the keyboard user stays in the pane.
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) {
      article.current?.querySelector<HTMLElement>('#detail-title')?.focus();
    }
  }, []);
  const derivedTypes = types.filter(
    (candidate) =>
      candidate.fields.some((field) => field.key === 'source') &&
      candidate.provider !== null &&
      candidate.provider === type?.provider &&
      candidate.type !== profile.type,
  );
  const actions = { call, run, busy, clipboard };

  return (
    <article className="detail" aria-labelledby="detail-title" ref={article}>
      <DetailHeader profile={profile} call={call} run={run} edit={() => setEditing(true)} />
      {activity && <ActivityBar name={profile.name} activity={activity} call={call} />}
      {problem && <InlineError text={problem} dismiss={() => setProblem(undefined)} />}
      {profile.hasSessions && <SessionSection profile={profile} now={now} {...actions} />}
      {profile.hasConsole && profile.consolePageEditor && (
        <ConsolePageSection
          profile={profile}
          editor={profile.consolePageEditor}
          call={call}
          run={run}
          busy={busy}
        />
      )}
      <ProviderPanels panels={type?.panels ?? []} profile={profile} call={call} notify={notify} />
      {formats.length > 0 && (
        <ExportSection
          profile={profile}
          formats={formats}
          format={format}
          setFormat={setFormat}
          reveal={() => setRevealing(true)}
          {...actions}
        />
      )}
      {profile.hasOtp && (
        <OtpSection name={profile.name} now={now} onDemand={profile.mfa === 'yubikey'} {...actions} />
      )}
      {(profile.source || profile.dependents.length > 0 || derivedTypes.length > 0) && (
        <TargetsSection
          profile={profile}
          profiles={profiles}
          derivedTypes={derivedTypes}
          now={now}
          select={select}
          addDerived={addDerived}
        />
      )}
      <DetailsSection
        profile={profile}
        call={call}
        run={run}
        select={select}
        remove={() => setRemoving(true)}
      />
      {revealing && (
        <ExportRevealDialog
          name={profile.name}
          format={format}
          call={call}
          onClose={() => setRevealing(false)}
        />
      )}
      {editing && (
        <EditProfile
          call={call}
          name={profile.name}
          types={types}
          onClose={() => setEditing(false)}
          onDone={(name) => {
            setEditing(false);
            notify(t('form.edit.done', { name }));
          }}
        />
      )}
      {removing && (
        <RemoveDialog
          name={profile.name}
          hasConsole={profile.hasConsole}
          call={call}
          notify={notify}
          onClose={() => setRemoving(false)}
        />
      )}
    </article>
  );
}
