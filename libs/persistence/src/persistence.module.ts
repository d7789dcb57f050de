import {
  type DynamicModule,
  Inject,
  Injectable,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
  type Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseHealth } from './database-health';
import { HubMetaStore } from './hub-meta/hub-meta.store';
import { openDataSource } from './open-data-source';
import type { PersistenceOptions } from './persistence.options';
import { ProcessedEventRepository } from './processed-events/processed-event.repository';

/** Injection token of the resolved {@link PersistenceOptions}. */
export const PERSISTENCE_OPTIONS: InjectionToken<PersistenceOptions> = Symbol('PERSISTENCE_OPTIONS');

/** For {@link PersistenceModule.forRootAsync}: options computed from other providers (e.g. the config). */
export interface PersistenceAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => PersistenceOptions | Promise<PersistenceOptions>;
}

/**
 * Closes the data source in the last shutdown phase, after every module's `onModuleDestroy` and
 * `beforeApplicationShutdown`: draining bus consumers still commit their work and their marks.
 */
@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The hub's database for any app: provides the TypeORM {@link DataSource} (connected, migrations
 * applied before the app starts), the {@link ProcessedEventRepository}, the {@link HubMetaStore}
 * and {@link DatabaseHealth}. Global: import it once, in the app module.
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return PersistenceModule.build([{ provide: PERSISTENCE_OPTIONS, useValue: options }]);
  }

  static forRootAsync(options: PersistenceAsyncOptions): DynamicModule {
    const optionsProvider: Provider = {
      provide: PERSISTENCE_OPTIONS,
      inject: options.inject ?? [],
      useFactory: options.useFactory as (
        ...args: unknown[]
      ) => PersistenceOptions | Promise<PersistenceOptions>,
    };
    return PersistenceModule.build([optionsProvider], options.imports);
  }

  private static build(optionProviders: Provider[], imports: ModuleMetadata['imports'] = []): DynamicModule {
    const dataSourceProvider: Provider = {
      provide: DataSource,
      inject: [PERSISTENCE_OPTIONS],
      useFactory: (options: PersistenceOptions) => openDataSource(options),
    };
    return {
      module: PersistenceModule,
      global: true,
      imports,
      providers: [
        ...optionProviders,
        dataSourceProvider,
        DataSourceCloser,
        ProcessedEventRepository,
        HubMetaStore,
        DatabaseHealth,
      ],
      exports: [DataSource, ProcessedEventRepository, HubMetaStore, DatabaseHealth],
    };
  }
}
