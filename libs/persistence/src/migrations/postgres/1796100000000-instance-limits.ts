// Connector instances: the admin's per-instance override of the manifest's rate limits. Adding a
// nullable text column is the same SQL on both dialects, so this is the SQLite migration itself.
export { InstanceLimits1796100000000 } from '../sqlite/1796100000000-instance-limits';
