import 'reflect-metadata';
import { runHttpApp } from '@switchboard/platform';
import { ConnectorRuntimeModule } from './connector-runtime.module';

void runHttpApp(ConnectorRuntimeModule, { name: 'connector-runtime' });
