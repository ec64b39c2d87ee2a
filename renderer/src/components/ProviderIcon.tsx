/** Provider marks: a calm tile per provider label, each dark enough for its white mark (≥ 4.5:1); known clouds get their own tone and mark, new ones a stable hue. */
const PROVIDERS: Record<string, { tone: string; mark: string }> = {
  SORACOM: { tone: '#167a8c', mark: 'S' },
  AWS: { tone: '#a35a00', mark: 'aws' },
  'AWS IAM Identity Center': { tone: '#a35a00', mark: 'sso' },
  'SORACOM Krypton': { tone: '#3a68c0', mark: 'Kr' },
  'Alibaba Cloud': { tone: '#bf4420', mark: 'Ali' },
  Alibaba: { tone: '#bf4420', mark: 'Ali' },
  Auth0: { tone: '#6b5ad6', mark: 'A0' },
  'idp-server': { tone: '#287a4e', mark: 'id' },
  TOTP: { tone: '#62666f', mark: '123' },
  Tobira: { tone: '#c2410c', mark: '扉' },
};

function hue(label: string): string {
  let hash = 0;
  for (const char of label) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return `hsl(${hash} 45% 32%)`;
}

function monogram(label: string): string {
  const words = label
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length >= 2) return `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}`.toUpperCase();
  return label.slice(0, 2).toUpperCase();
}

/** Prompts name the provider with a detail, e.g. "Alibaba Cloud (CN)": the mark is the provider's own. */
function known(label: string) {
  return PROVIDERS[label] ?? PROVIDERS[label.replace(/\s*\(.*\)$/, '')];
}

export function providerTone(label: string): string {
  return known(label)?.tone ?? hue(label);
}

export function ProviderIcon({ label, size = 32 }: { label: string; size?: number }) {
  // At chip size a mark is not legible: the tile alone, in the provider's tone.
  const mark = size < 20 ? '' : (known(label)?.mark ?? monogram(label));
  const scale = mark.length >= 3 ? 0.32 : 0.4;
  return (
    <span
      className="provider-icon"
      aria-hidden="true"
      data-provider={label}
      style={{ background: providerTone(label), width: size, height: size, fontSize: size * scale }}
    >
      {mark}
    </span>
  );
}
