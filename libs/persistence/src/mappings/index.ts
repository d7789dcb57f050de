export { MappingHead } from './mapping-head.entity';
export { MappingVersion } from './mapping-version.entity';
