export { MappingsModule } from './mappings.module';
export { MappingsService } from './mappings.service';
export { MappingsController } from './mappings.controller';
export { CreateMappingDto, FieldRuleDto, PreviewMappingDto, UpdateMappingDto } from './mappings.dto';
export type { MappingPreview, MappingValidation, MappingVersionView, MappingView } from './mappings.dto';
