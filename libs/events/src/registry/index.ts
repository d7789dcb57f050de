// Importing the registry through this file guarantees the built-in types are registered first.
export { EventType, type BuiltinEventType } from './builtin-event-types';
export * from './event-type.registry';
