import { Module } from '@nestjs/common';
import { API_KEY_STORE } from '@switchboard/auth';
import { AdminCoreModule } from '../core/admin-core.module';
import { AdminKeyBootstrap } from './admin-key-bootstrap';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { TypeOrmApiKeyStore } from './typeorm-api-key.store';

/** `/api/v1/api-keys`, the key store the access guard uses, and the bootstrap admin key. */
@Module({
  imports: [AdminCoreModule],
  controllers: [ApiKeysController],
  providers: [
    ApiKeysService,
    TypeOrmApiKeyStore,
    { provide: API_KEY_STORE, useExisting: TypeOrmApiKeyStore },
    AdminKeyBootstrap,
  ],
  exports: [API_KEY_STORE],
})
export class ApiKeysModule {}
