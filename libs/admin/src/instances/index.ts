export { InstancesModule } from './instances.module';
export { InstancesService, mergeSecrets } from './instances.service';
export { InstancesController } from './instances.controller';
export { ConnectorTypesController } from './connector-types.controller';
export { CreateInstanceDto, UpdateInstanceDto } from './instances.dto';
export type { InstanceHealthView, InstanceTestResult, InstanceView, SecretsView } from './instances.dto';
export { reencryptInstanceSecrets } from './reencrypt-instance-secrets';
export type { ReencryptionReport } from './reencrypt-instance-secrets';
export { runReencryptCommand, OLD_MASTER_KEY_VARIABLE } from './reencrypt.cli';
