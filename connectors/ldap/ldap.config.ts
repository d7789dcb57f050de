import { Secret } from '@switchboard/connector-sdk';
import { OptionalField } from '@switchboard/events';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { ATTRIBUTE_NAME, ATTRIBUTE_ROLES, DEFAULT_ATTRIBUTES, type AttributeRole } from './attribute-map';
import {
  IsAttributeMap,
  IsDn,
  IsLdapFilter,
  IsLdapUrl,
  IsPemCertificates,
  NotWithLdaps,
  OnlyWithTls,
} from './config-rules';

const ATTRIBUTE_MESSAGE = { message: 'must be an LDAP attribute or object class name' };
const EACH_ATTRIBUTE_MESSAGE = {
  each: true,
  message: 'each value must be an LDAP attribute or object class name',
};

/**
 * Configuration of an LDAP directory instance (OpenLDAP, 389 DS, Active Directory, …). Required:
 * `url`, `bindDn`, the `bindPassword` secret and the two base DNs; a field with an initializer
 * defaults to it. See connectors/ldap/README.md.
 */
export class LdapConfig {
  @JSONSchema({
    description:
      'Directory URL: ldaps://host[:636] (TLS from the start) or ldap://host[:389] (plain, or upgraded with startTls).',
    examples: ['ldaps://ldap.example.com', 'ldap://10.0.0.5:389'],
  })
  @IsLdapUrl()
  url!: string;

  @JSONSchema({
    description: 'Upgrade an ldap:// connection to TLS (StartTLS) before binding.',
    default: false,
  })
  @OptionalField()
  @IsBoolean()
  @NotWithLdaps()
  startTls: boolean = false;

  @JSONSchema({
    description:
      "PEM certificate(s) of the CA that signed the directory's certificate, when it is not a public CA (not a secret).",
  })
  @OptionalField()
  @IsString()
  @IsPemCertificates()
  @OnlyWithTls()
  caCertificate?: string;

  @JSONSchema({
    description:
      'Refuse a directory certificate that does not verify (CA, host name, expiry). Turn off only to diagnose: anyone on the path could then read the bind password.',
    default: true,
  })
  @OptionalField()
  @IsBoolean()
  rejectUnauthorized: boolean = true;

  @JSONSchema({
    description: 'DN the hub binds as: a read-only service account.',
    examples: ['cn=hub-bind,ou=services,dc=example,dc=org'],
  })
  @IsDn()
  bindDn!: string;

  @JSONSchema({ description: 'Password of bindDn.' })
  @Secret()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  bindPassword!: string;

  @JSONSchema({
    description: 'Where users live (searched with subtree scope).',
    examples: ['ou=people,dc=example,dc=org'],
  })
  @IsDn()
  usersBaseDn!: string;

  @JSONSchema({ description: 'Object class of user entries.', default: 'inetOrgPerson' })
  @OptionalField()
  @Matches(ATTRIBUTE_NAME, ATTRIBUTE_MESSAGE)
  userObjectClass: string = 'inetOrgPerson';

  @JSONSchema({
    description: 'Extra RFC 4515 filter users must also match, e.g. (!(employeeType=contractor)).',
  })
  @OptionalField()
  @IsLdapFilter()
  usersFilter?: string;

  @JSONSchema({
    description: 'Where groups live (searched with subtree scope).',
    examples: ['ou=groups,dc=example,dc=org'],
  })
  @IsDn()
  groupsBaseDn!: string;

  @JSONSchema({
    description: 'Object classes of group entries (any of them).',
    default: ['groupOfNames', 'groupOfUniqueNames'],
  })
  @OptionalField()
  @IsArray()
  @ArrayNotEmpty({ message: 'must not be empty' })
  @Matches(ATTRIBUTE_NAME, EACH_ATTRIBUTE_MESSAGE)
  groupObjectClasses: string[] = ['groupOfNames', 'groupOfUniqueNames'];

  @JSONSchema({
    description: 'Attributes of a group holding the DNs of its members.',
    default: ['member', 'uniqueMember'],
  })
  @OptionalField()
  @IsArray()
  @ArrayNotEmpty({ message: 'must not be empty' })
  @Matches(ATTRIBUTE_NAME, EACH_ATTRIBUTE_MESSAGE)
  groupMemberAttributes: string[] = ['member', 'uniqueMember'];

  // A function replaces the generated schema, which cannot describe a map (it would $ref "Object").
  @JSONSchema(() => ({
    type: 'object',
    description:
      'Directory attribute per canonical field, merged over the inetOrgPerson defaults (e.g. { "uid": "sAMAccountName", "department": "department" } for Active Directory).',
    properties: Object.fromEntries(
      ATTRIBUTE_ROLES.map((role: AttributeRole) => [
        role,
        { type: 'string', pattern: ATTRIBUTE_NAME.source, default: DEFAULT_ATTRIBUTES[role] },
      ]),
    ),
    additionalProperties: false,
  }))
  @OptionalField()
  @IsAttributeMap()
  attributes?: Partial<Record<AttributeRole, string>>;

  @JSONSchema({
    description: 'Attribute saying that an account is disabled (with disabledValues or disabledBitmask).',
    default: 'employeeType',
    examples: ['employeeType', 'nsAccountLock', 'userAccountControl'],
  })
  @OptionalField()
  @Matches(ATTRIBUTE_NAME, ATTRIBUTE_MESSAGE)
  disabledAttribute: string = 'employeeType';

  @JSONSchema({
    description:
      'Values of disabledAttribute that mean disabled (case-insensitive). Empty: any value means disabled (e.g. pwdAccountLockedTime).',
    default: ['disabled'],
    examples: [['disabled'], ['true']],
  })
  @OptionalField()
  @IsArray()
  @IsString({ each: true })
  disabledValues: string[] = ['disabled'];

  @JSONSchema({
    description:
      'Instead of disabledValues: disabled when the integer value has any of these bits (Active Directory userAccountControl: 2).',
  })
  @OptionalField()
  @IsInt()
  @Min(1)
  disabledBitmask?: number;

  @JSONSchema({ description: 'Entries per page of a search (simple paged results control).', default: 500 })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(10_000)
  pageSize: number = 500;

  @JSONSchema({ description: 'How long one LDAP operation may take (ms).', default: 10_000 })
  @OptionalField()
  @IsInt()
  @Min(100)
  @Max(600_000)
  timeoutMs: number = 10_000;

  @JSONSchema({ description: 'How long connecting (TCP, TLS, bind) may take (ms).', default: 5_000 })
  @OptionalField()
  @IsInt()
  @Min(100)
  @Max(600_000)
  connectTimeoutMs: number = 5_000;

  @JSONSchema({
    description: 'How often the runtime polls for changed users and groups (ms); default 5 minutes.',
    examples: [60_000],
  })
  @OptionalField()
  @IsInt()
  @Min(30_000)
  @Max(86_400_000)
  pollIntervalMs?: number;

  @JSONSchema({
    description:
      'The poll re-reads this many seconds before its cursor, for changes written while a run was scanning or replicated late (repeats keep their event ids).',
    default: 60,
  })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(86_400)
  pollOverlapSeconds: number = 60;
}
