import 'reflect-metadata';
import { runHttpApp } from '@switchboard/platform';
import { AdminApiModule } from './admin-api.module';

void runHttpApp(AdminApiModule, { name: 'admin-api' });
