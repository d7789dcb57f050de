import { IsIn } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { ExternalRef, PERSON_REF_REQUIRED, PersonRef } from './common.schema';
import { IsRecord, IsText, IsTimestamp, Nested, OptionalField } from './validation.decorators';

export const CI_OPERATIONAL_STATUSES = ['operational', 'non_operational', 'maintenance', 'retired'] as const;
export type CiOperationalStatus = (typeof CI_OPERATIONAL_STATUSES)[number];

/** Data of `cmdb.ci.upserted|retired`. The CI's canonical key is the event `subject`. */
@JSONSchema({ description: 'A configuration item (data of io.switchboard.cmdb.ci.*).' })
export class ConfigurationItemData {
  @IsText()
  name!: string;

  /** CI class in the hub's vocabulary: `server`, `application`, `database`, `network_device`, … */
  @IsText()
  ciClass!: string;

  /** The origin's own class name (`cmdb_ci_linux_server`). */
  @OptionalField()
  @IsText()
  nativeClass?: string;

  /** `production`, `staging`, `test`, … */
  @OptionalField()
  @IsText()
  environment?: string;

  @OptionalField()
  @IsIn(CI_OPERATIONAL_STATUSES)
  operationalStatus?: CiOperationalStatus;

  @OptionalField()
  @Nested(() => PersonRef, { nonEmptyObject: PERSON_REF_REQUIRED })
  owner?: PersonRef;

  @OptionalField()
  @IsText()
  supportGroup?: string;

  /** Class-specific attributes (ip address, os, version, …); values are any JSON. */
  @OptionalField()
  @IsRecord()
  attributes?: Record<string, unknown>;

  @OptionalField()
  @IsTimestamp()
  updatedAt?: string;

  @OptionalField()
  @Nested(() => ExternalRef, { each: true })
  externalRefs?: ExternalRef[];
}

export const CI_RELATIONSHIP_TYPES = [
  'depends_on',
  'runs_on',
  'hosted_on',
  'connected_to',
  'member_of',
  'contains',
  'uses',
] as const;
export type CiRelationshipType = (typeof CI_RELATIONSHIP_TYPES)[number];

/**
 * Data of `cmdb.relationship.upserted|deleted`: a directed edge, read "sourceCi <type> targetCi"
 * (`app-1 runs_on host-7`).
 */
@JSONSchema({
  description: 'A relationship between two configuration items (data of io.switchboard.cmdb.relationship.*).',
})
export class CiRelationshipData {
  /** Canonical key of the CI the relationship starts from. */
  @IsText()
  sourceCi!: string;

  /** Canonical key of the CI it points to. */
  @IsText()
  targetCi!: string;

  @IsIn(CI_RELATIONSHIP_TYPES)
  type!: CiRelationshipType;

  @OptionalField()
  @Nested(() => ExternalRef, { each: true })
  externalRefs?: ExternalRef[];
}
