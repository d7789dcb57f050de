export { InstancesModule } from './instances.module';
export { InstancesService, mergeSecrets } from './instances.service';
export { InstancesController } from './instances.controller';
export { ConnectorTypesController } from './connector-types.controller';
export { CreateInstanceDto, UpdateInstanceDto } from './instances.dto';
export type { InstanceHealthView, InstanceTestResult, InstanceView, SecretsView } from './instances.dto';
export {
  ADMIN_API_EVENT_SOURCE,
  INSTANCE_CHANGED_EVENT_TYPE,
  INSTANCE_CHANGES,
  InstanceChangedData,
  instanceChangedEvent,
} from './instance-changed.event';
export type { InstanceChange } from './instance-changed.event';
export { reencryptInstanceSecrets } from './reencrypt-instance-secrets';
export type { ReencryptionReport } from './reencrypt-instance-secrets';
export { runReencryptCommand, OLD_MASTER_KEY_VARIABLE } from './reencrypt.cli';
