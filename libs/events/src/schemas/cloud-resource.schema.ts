import { IsIn } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsRecord, IsText, IsTextMatching, IsTimestamp, OptionalField } from './validation.decorators';

/** OpenTelemetry `cloud.provider` values. */
export const CLOUD_PROVIDERS = [
  'alibaba_cloud',
  'aws',
  'azure',
  'gcp',
  'heroku',
  'ibm_cloud',
  'oracle_cloud',
  'tencent_cloud',
] as const;
export type CloudProvider = (typeof CLOUD_PROVIDERS)[number];

/**
 * Data of `cloud.resource.observed|changed|deleted`. Attribute names follow the OpenTelemetry
 * `cloud.*` semantic conventions, dots included, so they line up with traces and metrics.
 */
@JSONSchema({
  description: 'A cloud resource (data of io.switchboard.cloud.resource.*), OpenTelemetry cloud.* names.',
})
export class CloudResourceData {
  @IsIn(CLOUD_PROVIDERS)
  'cloud.provider'!: CloudProvider;

  /** `us-east-1`, `europe-west1`. */
  @OptionalField()
  @IsText()
  'cloud.region'?: string;

  /** AWS account id, Azure subscription id, GCP project id. */
  @OptionalField()
  @IsText()
  'cloud.account.id'?: string;

  /** Provider-native id: ARN, Azure resource id, GCP full resource name. */
  @IsText()
  'cloud.resource_id'!: string;

  /** OpenTelemetry `cloud.platform`, e.g. `aws_ec2`, `azure_vm`, `gcp_kubernetes_engine`. */
  @OptionalField()
  @IsTextMatching(/^[a-z][a-z0-9_]*$/, 'be an OpenTelemetry cloud.platform value such as aws_ec2')
  'cloud.platform'?: string;

  /** What it is: `vm`, `bucket`, `database`, `load_balancer`, … */
  @IsText()
  kind!: string;

  @OptionalField()
  @IsText()
  name?: string;

  /** Provider state as reported (`running`, `stopped`, `available`). */
  @OptionalField()
  @IsText()
  state?: string;

  @OptionalField()
  @IsRecord({ stringValues: true })
  tags?: Record<string, string>;

  /** When the provider last reported it. */
  @OptionalField()
  @IsTimestamp()
  observedAt?: string;
}
