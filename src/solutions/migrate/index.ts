// Migration of a classic Data Collector API table to a CCF Push solution (Logs Ingestion API).
export { buildMigration, pascalName } from './skeleton.js';
export type { MigrationOptions, MigrationSkeleton, MigrationFile } from './skeleton.js';
export { streamFields, legacyTransform, kqlName, kqlPath } from './field-map.js';
export type { LegacyTableInput, LegacyColumnInput, LegacyColumnRole, StreamField, TransformOptions } from './field-map.js';
export { writeMigration } from './write-skeleton.js';
