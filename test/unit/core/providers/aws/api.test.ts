import { afterEach, describe, expect, it } from 'vitest';
import { Sts, StsRejection } from '../../../../../electron/core/providers/aws/api';
import { startHttpService, type HttpService } from '../../../../harness/http-service';

const KEYS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

let service: HttpService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

function stsAt(origin: string): Sts {
  return new Sts({ partition: 'aws', env: { TOBIRA_ENDPOINT_AWS_STS: origin } }, KEYS);
}

describe('Sts answers it cannot read', () => {
  it.each(['{"error":"proxy"}', 'Service Unavailable <<<', '<a><b></a>'])(
    'a 200 whose body is not XML (%s) is a bad response, exit 4, not a refusal',
    async (body) => {
      service = await startHttpService((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/xml' }).end(body);
      });
      const failure = await stsAt(service.origin)
        .getCallerIdentity()
        .catch((error: unknown) => error);
      expect(failure).not.toBeInstanceOf(StsRejection);
      expect(failure).toMatchObject({ key: 'provider.badResponse', exitCode: 4 });
      expect(service.requests).toHaveLength(1); // not retried: the service answered
    },
  );

  it('an STS ErrorResponse is still a refusal with its code', async () => {
    service = await startHttpService((_req, res) => {
      res
        .writeHead(403, { 'content-type': 'text/xml' })
        .end(
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
            '<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message>' +
            '</Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>',
        );
    });
    const failure = await stsAt(service.origin)
      .getCallerIdentity()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StsRejection);
    expect(failure).toMatchObject({ code: 'InvalidClientTokenId' });
  });
});
