import { Module } from '@nestjs/common';
import { MappingCompiler } from '@switchboard/mapping';
import { AdminCoreModule } from '../core/admin-core.module';
import { MappingsController } from './mappings.controller';
import { MappingsService } from './mappings.service';

/**
 * `/api/v1/mappings`. Importable on its own or through the admin module. The audit trail comes from
 * `AdminCoreModule`; `DataSource` (PersistenceModule) from the app. One `MappingCompiler` per
 * process, so each mapping version is compiled once whatever route asks for it.
 */
@Module({
  imports: [AdminCoreModule],
  controllers: [MappingsController],
  providers: [MappingsService, { provide: MappingCompiler, useFactory: () => new MappingCompiler() }],
  exports: [MappingsService, MappingCompiler],
})
export class MappingsModule {}
