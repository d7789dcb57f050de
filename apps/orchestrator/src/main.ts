import 'reflect-metadata';
import { runHttpApp } from '@switchboard/platform';
import { OrchestratorModule } from './orchestrator.module';

void runHttpApp(OrchestratorModule, { name: 'orchestrator' });
