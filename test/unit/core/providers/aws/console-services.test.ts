import { describe, expect, it } from 'vitest';
import { serviceDestination } from '../../../../../electron/core/providers/aws/console-services';

describe('--service console pages', () => {
  it('a regional service: the region in the host and in ?region=', () => {
    expect(serviceDestination('aws', 'ap-northeast-1', 's3')).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/s3/home?region=ap-northeast-1',
    );
    expect(serviceDestination('aws', 'eu-west-1', 'ddb')).toBe(
      'https://eu-west-1.console.aws.amazon.com/dynamodbv2/home?region=eu-west-1',
    );
  });

  it('global services take no ?region=; no region means the partition host', () => {
    expect(serviceDestination('aws', 'ap-northeast-1', 'iam')).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/iam/home',
    );
    expect(serviceDestination('aws', undefined, 'lambda')).toBe('https://console.aws.amazon.com/lambda/home');
    expect(serviceDestination('aws-cn', 'cn-north-1', 'ec2')).toBe(
      'https://cn-north-1.console.amazonaws.cn/ec2/home?region=cn-north-1',
    );
    expect(serviceDestination('aws-us-gov', 'us-gov-west-1', 's3')).toBe(
      'https://console.amazonaws-us-gov.com/s3/home?region=us-gov-west-1',
    );
  });

  it('an unlisted name is used as the path; anything that is not a plain path is refused (exit 2)', () => {
    expect(serviceDestination('aws', 'us-east-1', 'quicksight')).toBe(
      'https://us-east-1.console.aws.amazon.com/quicksight/home?region=us-east-1',
    );
    for (const bad of ['../evil', 'https://evil.example.com', 's3?x=1', '']) {
      expect(() => serviceDestination('aws', 'us-east-1', bad)).toThrow(/Unknown console service/);
    }
  });
});
