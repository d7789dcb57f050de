import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer's store of `@Type` metadata. The package exports it only from a deep module
// its typings do not describe (@nestjs/mapped-types reads it the same way); the hydrator and the
// JSON Schema generator need it to know the class of each nested property.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const storageModule = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

export const classTransformerStorage: MetadataStorage = storageModule.defaultMetadataStorage;
