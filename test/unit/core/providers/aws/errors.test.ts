import { describe, expect, it } from 'vitest';
import { stsRejected } from '../../../../../electron/core/providers/aws/errors';
import { StsRejection } from '../../../../../electron/core/providers/aws/api';
import { translate } from '../../../../../shared/i18n';

const context = { name: 'alice', codeWasSent: true };

describe('AWS clock-skew rejections', () => {
  it('"Signature expired" says how far the clock is behind, and not to re-add the profile', () => {
    const error = stsRejected(
      new StsRejection(
        'SignatureDoesNotMatch',
        'Signature expired: 20261206T210000Z is now earlier than 20261206T214500Z (20261206T220000Z - 15 min.)',
        403,
      ),
      context,
    );
    expect(error).toMatchObject({ key: 'clock.behind', exitCode: 3, params: { seconds: 3600 } });
    const text = translate('en', error.key, error.params);
    expect(text).toMatch(/clock is off: it is about 3600 s behind/);
    expect(text).toContain('timedatectl set-ntp true');
    expect(text).not.toMatch(/remove/);
    expect(translate('ja', error.key, error.params)).toContain('約 3600 秒遅れて');
  });

  it('"Signature not yet current" says how far the clock is ahead', () => {
    const error = stsRejected(
      new StsRejection(
        'SignatureDoesNotMatch',
        'Signature not yet current: 20261206T230012Z is still later than 20261206T221500Z (20261206T220000Z + 15 min.)',
        403,
      ),
      context,
    );
    expect(error).toMatchObject({ key: 'clock.ahead', params: { seconds: 3612 } });
  });

  it('a clock rejection without the times still names the clock; a wrong signature still names the key', () => {
    expect(
      stsRejected(new StsRejection('SignatureDoesNotMatch', 'Signature expired.', 403), context),
    ).toMatchObject({ key: 'clock.off', exitCode: 3 });
    expect(
      stsRejected(
        new StsRejection('SignatureDoesNotMatch', 'The request signature we calculated does not match', 403),
        context,
      ),
    ).toMatchObject({ key: 'aws.keys.rejected' });
  });
});
