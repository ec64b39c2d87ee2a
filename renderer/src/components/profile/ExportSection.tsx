import type { ProfileView } from '../../../../shared/ipc';
import type { Call } from '../../bridge';
import { copyInPage } from '../../clipboard';
import type { Run } from '../../hooks/useRun';
import { hasMessage, useT } from '../../i18n';
import { RevealDialog } from '../RevealDialog';

interface ExportSectionProps {
  profile: ProfileView;
  formats: readonly string[];
  format: string;
  setFormat(format: string): void;
  call: Call;
  run: Run;
  busy: boolean;
  clipboard: boolean;
  /** Opens the dialog that shows the export text (ExportRevealDialog). */
  reveal(): void;
}

/** The session as shell or config text: the format, copied (cleared later) or shown, and the matching CLI line. */
export function ExportSection(props: ExportSectionProps) {
  const { profile, formats, format, setFormat, call, run, busy, clipboard, reveal } = props;
  const t = useT();
  const copyExport = () =>
    run(async () => {
      const { clearsInSeconds, text } = await call('export:copy', { name: profile.name, format });
      if (text !== undefined) {
        await copyInPage(text, clearsInSeconds);
        return t('day.copy.page', { seconds: clearsInSeconds });
      }
      return t('ui.export.copied', { seconds: clearsInSeconds });
    });
  return (
    <section className="card" aria-labelledby="sec-export">
      <h3 id="sec-export">{t('ui.section.export')}</h3>
      <p className="muted small">{t('ui.export.help')}</p>
      <div className="actions start">
        <label className="inline-label" htmlFor="export-format">
          {t('ui.export.format')}
        </label>
        <select id="export-format" value={format} onChange={(event) => setFormat(event.target.value)}>
          {formats.map((candidate) => (
            <option key={candidate} value={candidate}>
              {hasMessage(`ui.format.${candidate}`) ? t(`ui.format.${candidate}`) : candidate}
            </option>
          ))}
        </select>
        {clipboard && (
          <button type="button" className="button" onClick={copyExport} disabled={busy}>
            {t('ui.export.copy')}
          </button>
        )}
        <button type="button" className="button subtle" onClick={reveal} disabled={busy}>
          {t('ui.export.reveal')}
        </button>
      </div>
      <p className="muted small">
        <code>
          tobira export {profile.name} --format {format}
        </code>
      </p>
    </section>
  );
}

/** The export text, shown after a confirmation. */
export function ExportRevealDialog({
  name,
  format,
  call,
  onClose,
}: {
  name: string;
  format: string;
  call: Call;
  onClose(): void;
}) {
  const t = useT();
  return (
    <RevealDialog
      title={t('ui.reveal.title', {
        name,
        format: hasMessage(`ui.format.${format}`) ? t(`ui.format.${format}`) : format,
      })}
      reveal={async () => (await call('export:reveal', { name, format, confirm: true })).text}
      onClose={onClose}
    />
  );
}
