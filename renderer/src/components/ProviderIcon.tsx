/** Provider marks: a calm monogram tile per provider label; known clouds get their own tone, new ones a stable hue. */
const TONES: Record<string, string> = {
  SORACOM: '#1f9fb5',
  AWS: '#e28a18',
  'SORACOM Krypton': '#4a7fd6',
  'Alibaba Cloud': '#e2572b',
  Alibaba: '#e2572b',
  Auth0: '#6b5ad6',
  'idp-server': '#2f8f5b',
  TOTP: '#7a7f8c',
};

function hue(label: string): string {
  let hash = 0;
  for (const char of label) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return `hsl(${hash} 45% 45%)`;
}

function monogram(label: string): string {
  const words = label
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length >= 2) return `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}`.toUpperCase();
  return label.slice(0, 2).toUpperCase();
}

export function providerTone(label: string): string {
  return TONES[label] ?? hue(label);
}

export function ProviderIcon({ label, size = 32 }: { label: string; size?: number }) {
  return (
    <span
      className="provider-icon"
      aria-hidden="true"
      style={{ background: providerTone(label), width: size, height: size, fontSize: size * 0.38 }}
    >
      {monogram(label)}
    </span>
  );
}
