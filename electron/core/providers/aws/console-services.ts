import { ExitCode, TobiraError } from '../../errors';
import { consoleHost } from './endpoint';
import type { Partition } from './session';

/**
 * `--service` short names → console paths (after Granted's pkg/console/service_map.go): `s3` opens
 * https://REGION.console.aws.amazon.com/s3/home?region=REGION. A name not listed is used as the path itself.
 */
export const AWS_CONSOLE_SERVICES: Readonly<Record<string, string>> = {
  acm: 'acm',
  apigateway: 'apigateway',
  apigw: 'apigateway',
  athena: 'athena',
  backup: 'backup',
  bedrock: 'bedrock',
  billing: 'billing',
  ce: 'cost-management',
  cf: 'cloudfront',
  cfn: 'cloudformation',
  cloudformation: 'cloudformation',
  cloudfront: 'cloudfront',
  cloudtrail: 'cloudtrail',
  cloudwatch: 'cloudwatch',
  codepipeline: 'codepipeline',
  ct: 'cloudtrail',
  cw: 'cloudwatch',
  ddb: 'dynamodbv2',
  dynamodb: 'dynamodbv2',
  ec2: 'ec2',
  ecr: 'ecr',
  ecs: 'ecs',
  eks: 'eks',
  eventbridge: 'events',
  events: 'events',
  guardduty: 'guardduty',
  iam: 'iam',
  kms: 'kms',
  lambda: 'lambda',
  organizations: 'organizations/v2',
  param: 'systems-manager/parameters',
  r53: 'route53/v2',
  rds: 'rds',
  route53: 'route53/v2',
  s3: 's3',
  secretsmanager: 'secretsmanager',
  ses: 'ses',
  sfn: 'states',
  sns: 'sns',
  sqs: 'sqs',
  ssm: 'systems-manager',
  sso: 'singlesignon',
  vpc: 'vpc',
};

/** Global services: their pages take no ?region= (Granted's globalServiceMap, plus billing and organizations). */
const GLOBAL = new Set(['iam', 'route53/v2', 'billing', 'cost-management', 'organizations/v2', 'cloudfront']);

const PATH = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;

/** The console page of a service: the region in the host (as consoleDestination does) and in ?region=. */
export function serviceDestination(
  partition: Partition,
  region: string | undefined,
  service: string,
): string {
  const name = service.trim().toLowerCase();
  const path = AWS_CONSOLE_SERVICES[name] ?? name;
  if (!PATH.test(path)) throw new TobiraError('aws.console.badService', ExitCode.usage, { service });
  const base = `https://${consoleHost(partition, region)}/${path}/home`;
  if (region === undefined || GLOBAL.has(path)) return base;
  return `${base}?region=${encodeURIComponent(region)}`;
}
