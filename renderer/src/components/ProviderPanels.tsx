import { lazy, Suspense, type ReactElement } from 'react';
import type { PanelId, ProfileView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import type { Notify } from '../hooks/useToasts';

interface PanelProps {
  profile: ProfileView;
  call: Call;
  notify: Notify;
}

const ApiKeys = lazy(async () => ({ default: (await import('./ApiKeys')).ApiKeys }));
const AccessKey = lazy(async () => ({ default: (await import('./AccessKey')).AccessKey }));
const SsoSync = lazy(async () => ({ default: (await import('./SsoSync')).SsoSync }));

/** The component of each panel a provider may declare (TypeView.panels); the type makes the table complete. */
const PANELS: { readonly [P in PanelId]: (props: PanelProps) => ReactElement } = {
  apiKeys: ({ profile, call, notify }) => <ApiKeys admin={profile.name} call={call} notify={notify} />,
  ssoSync: ({ profile, call, notify }) => <SsoSync session={profile.name} call={call} notify={notify} />,
  accessKey: ({ profile, call, notify }) => <AccessKey name={profile.name} call={call} notify={notify} />,
};

/** A profile's provider-specific panels, in the order its type declares them. */
export function ProviderPanels({ panels, ...props }: PanelProps & { panels: readonly PanelId[] }) {
  return (
    <Suspense fallback={null}>
      {panels.map((id) => {
        const Panel = PANELS[id];
        return <Panel key={id} {...props} />;
      })}
    </Suspense>
  );
}
