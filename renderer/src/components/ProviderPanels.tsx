import type { ReactElement } from 'react';
import type { PanelId, ProfileView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import type { Notify } from '../hooks/useToasts';
import { AccessKey } from './AccessKey';
import { ApiKeys } from './ApiKeys';

interface PanelProps {
  profile: ProfileView;
  call: Call;
  notify: Notify;
}

/** The component of each panel a provider may declare (TypeView.panels); the type makes the table complete. */
const PANELS: { readonly [P in PanelId]: (props: PanelProps) => ReactElement } = {
  apiKeys: ({ profile, call, notify }) => <ApiKeys admin={profile.name} call={call} notify={notify} />,
  accessKey: ({ profile, call, notify }) => <AccessKey name={profile.name} call={call} notify={notify} />,
};

/** A profile's provider-specific panels, in the order its type declares them. */
export function ProviderPanels({ panels, ...props }: PanelProps & { panels: readonly PanelId[] }) {
  return (
    <>
      {panels.map((id) => {
        const Panel = PANELS[id];
        return <Panel key={id} {...props} />;
      })}
    </>
  );
}
