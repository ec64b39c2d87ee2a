import { useState } from 'react';
import type { ActivityView, AppInfo, ProfileView, TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { useRun } from '../hooks/useRun';
import type { Notify } from '../hooks/useToasts';
import { ActivityBar } from './profile/ActivityBar';
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
  profiles: ProfileView[];
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
  // While one action runs, the others wait.
  const { busy, run } = useRun(notify);
  const clipboard = info.capabilities.clipboard;
  const derivedTypes = types.filter(
    (candidate) =>
      candidate.fields.some((field) => field.key === 'source') &&
      candidate.provider !== null &&
      candidate.provider === type?.provider &&
      candidate.type !== profile.type,
  );
  const actions = { call, run, busy, clipboard };

  return (
    <article className="detail" aria-labelledby="detail-title">
      <DetailHeader profile={profile} call={call} run={run} />
      {activity && <ActivityBar name={profile.name} activity={activity} call={call} />}
      {profile.hasSessions && <SessionSection profile={profile} now={now} {...actions} />}
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
      {profile.hasOtp && <OtpSection name={profile.name} now={now} {...actions} />}
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
