import { describe, expect, it } from 'vitest';
import { federationName } from '../../../../../electron/core/providers/aws/console';
import {
  consoleDestination,
  destinationAllowed,
  endpointOverride,
  signinOrigin,
} from '../../../../../electron/core/providers/aws/endpoint';
import { partitionOfArn, partitionOfRegion } from '../../../../../electron/core/providers/aws/session';

describe('AWS endpoints and partitions (docs/protocols/aws.md)', () => {
  it('builds console destinations per partition', () => {
    expect(consoleDestination('aws', 'eu-west-1')).toBe(
      'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1',
    );
    expect(consoleDestination('aws-cn', 'cn-northwest-1')).toBe(
      'https://cn-northwest-1.console.amazonaws.cn/console/home?region=cn-northwest-1',
    );
    expect(consoleDestination('aws-us-gov', 'us-gov-west-1')).toBe(
      'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1',
    );
    expect(consoleDestination('aws', undefined)).toBe('https://console.aws.amazon.com/console/home');
  });

  it('picks the sign-in host: regional, us-east-1 for the logout hop, the partition’s own, or the override', () => {
    expect(signinOrigin({}, 'aws', 'ap-northeast-1', false)).toBe(
      'https://ap-northeast-1.signin.aws.amazon.com',
    );
    expect(signinOrigin({}, 'aws', 'ap-northeast-1', true)).toBe('https://us-east-1.signin.aws.amazon.com');
    expect(signinOrigin({}, 'aws', undefined, false)).toBe('https://signin.aws.amazon.com');
    expect(signinOrigin({}, 'aws-cn', 'cn-north-1', false)).toBe('https://signin.amazonaws.cn');
    expect(signinOrigin({}, 'aws-us-gov', 'us-gov-west-1', false)).toBe(
      'https://signin.amazonaws-us-gov.com',
    );
    expect(signinOrigin({ TOBIRA_ENDPOINT_AWS_SIGNIN: 'http://127.0.0.1:9/' }, 'aws', 'x', true)).toBe(
      'http://127.0.0.1:9',
    );
  });

  it('accepts only origins as overrides, plain http only on loopback', () => {
    expect(
      endpointOverride({ TOBIRA_ENDPOINT_AWS_STS: 'https://sts.example.com' }, 'TOBIRA_ENDPOINT_AWS_STS'),
    ).toBe('https://sts.example.com');
    for (const bad of ['http://sts.example.com', 'https://sts.example.com/path', 'nope']) {
      expect(() => endpointOverride({ TOBIRA_ENDPOINT_AWS_STS: bad }, 'TOBIRA_ENDPOINT_AWS_STS')).toThrow();
    }
  });

  it('keeps --destination inside the partition', () => {
    expect(destinationAllowed('https://s3.console.aws.amazon.com/s3/home', 'aws', {})).toBe(true);
    expect(destinationAllowed('https://console.amazonaws.cn/', 'aws', {})).toBe(false);
    expect(destinationAllowed('https://evil.example.com/?console.aws.amazon.com', 'aws', {})).toBe(false);
  });

  it('derives partitions and federation names', () => {
    expect(partitionOfArn('arn:aws-cn:iam::123456789012:role/x')).toBe('aws-cn');
    expect(partitionOfArn('arn:aws-iso:iam::1:role/x')).toBeUndefined();
    expect(partitionOfRegion('us-gov-east-1')).toBe('aws-us-gov');
    expect(federationName('arn:aws:iam::1:user/team/alice.smith@example.com-very-long-name', 'p')).toBe(
      'alice.smith@example.com-very-lon',
    );
    expect(federationName(undefined, 'a')).toHaveLength(2);
  });
});
