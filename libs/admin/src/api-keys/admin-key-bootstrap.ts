import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '@switchboard/auth';
import { SwitchboardConfig } from '@switchboard/config';
import { SwitchboardError } from '@switchboard/errors';
import { ApiKey } from '@switchboard/persistence';
import { AuditTrail } from '../core/audit-trail.service';
import { toApiKeyView } from './api-key.view';

export const BOOTSTRAP_KEY_NAME = 'bootstrap';

/**
 * Makes sure the tenant can be administered: on start, when it has no usable admin key (none, or
 * all revoked or expired), stores SWITCHBOARD_ADMIN_KEY as one, or generates one and prints it
 * once to stdout. Later starts find that key and do nothing. The variable must be a key in the
 * `sbk_<prefix>_<secret>` format: any other value could never authenticate, so it stops the start.
 */
@Injectable()
export class AdminKeyBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    private readonly config: SwitchboardConfig,
    private readonly audit: AuditTrail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const tenantId = this.config.tenant;
    const configured = this.config.security.adminKey;
    const configuredPrefix = configured === undefined ? undefined : apiKeyPrefix(configured);
    if (configured !== undefined && !configuredPrefix) {
      throw SwitchboardError.validation(
        'SWITCHBOARD_ADMIN_KEY is not an API key: it must look like sbk_<8 lower-case letters or digits>_<43 base64url characters>. ' +
          'Unset it to have a key generated and printed on this start.',
        [{ path: 'SWITCHBOARD_ADMIN_KEY', message: 'must look like sbk_<prefix>_<secret>' }],
      );
    }
    // The check and the insert run in the tenant's audit transaction, which holds a lock on the
    // tenant: replicas starting together take turns, and only the first one creates a key.
    const created = await this.audit.systemChange(tenantId, BOOTSTRAP_KEY_NAME, async (manager) => {
      const now = new Date();
      const repository = manager.getRepository(ApiKey);
      const usable = await repository
        .createQueryBuilder('key')
        .where('key.tenantId = :tenantId AND key.role = :role AND key.revokedAt IS NULL', {
          tenantId,
          role: 'admin',
        })
        .andWhere('(key.expiresAt IS NULL OR key.expiresAt > :now)', { now })
        .getCount();
      if (usable > 0) return { result: undefined, audit: null };

      if (configuredPrefix && (await repository.existsBy({ prefix: configuredPrefix }))) {
        throw SwitchboardError.conflict(
          'SWITCHBOARD_ADMIN_KEY was already used (its key was revoked, expired or belongs to another tenant): set a new key or unset it.',
        );
      }
      const { key, prefix } =
        configured && configuredPrefix ? { key: configured, prefix: configuredPrefix } : generateApiKey();
      const row = repository.create({
        id: randomUUID(),
        tenantId,
        name: BOOTSTRAP_KEY_NAME,
        prefix,
        hash: hashApiKey(key),
        role: 'admin',
        createdAt: now,
        createdBy: BOOTSTRAP_KEY_NAME,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        version: 1,
      });
      await repository.insert(row);
      return {
        result: { key, prefix },
        audit: {
          action: 'api_key.bootstrap',
          targetType: 'api_key',
          targetId: row.id,
          after: { ...toApiKeyView(row), source: configured ? 'SWITCHBOARD_ADMIN_KEY' : 'generated' },
        },
      };
    });

    if (!created) {
      if (configured) this.logger.log('SWITCHBOARD_ADMIN_KEY ignored: the tenant already has an admin key');
      return;
    }
    if (configured) {
      this.logger.log(
        `Stored SWITCHBOARD_ADMIN_KEY as the admin key of tenant ${tenantId} (prefix ${created.prefix})`,
      );
      return;
    }
    this.logger.warn(
      `Generated the bootstrap admin key of tenant ${tenantId} (prefix ${created.prefix}); printed once on stdout`,
    );
    // Straight to stdout, not through the logger: log lines get shipped and kept; this must not be.
    // Printed after the commit: a key that was rolled back would never work.
    process.stdout.write(bootstrapBanner(tenantId, created.key));
  }
}

function bootstrapBanner(tenantId: string, key: string): string {
  const rule = '='.repeat(78);
  return [
    '',
    rule,
    `  Switchboard: bootstrap admin API key for tenant "${tenantId}"`,
    '',
    `    ${key}`,
    '',
    '  Shown this once and never again: store it now (e.g. in a password manager).',
    '  Use it as "Authorization: Bearer <key>"; create named keys with POST /api/v1/api-keys',
    '  and revoke this one once you have them.',
    rule,
    '',
    '',
  ].join('\n');
}
