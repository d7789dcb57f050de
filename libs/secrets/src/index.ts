export { SecretBox, parseSealed, reencrypt, SEALED_VERSION } from './secret-box';
export type { SealedParts } from './secret-box';
export { decodeMasterKey, keyIdOf, MASTER_KEY_BYTES, MASTER_KEY_VARIABLE } from './master-key';
export { loadMasterKey, MASTER_KEY_FILE } from './load-master-key';
export type { LoadMasterKeyOptions, LoadedMasterKey, MasterKeyLogger } from './load-master-key';
