import 'reflect-metadata';
import { runHttpApp } from '@switchboard/platform';
import { HubModule } from './hub.module';

void runHttpApp(HubModule, { name: 'hub' });
