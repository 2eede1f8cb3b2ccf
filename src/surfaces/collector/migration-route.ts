// Placeholder: the migration API is added with src/solutions/migrate.
import type { FastifyInstance } from 'fastify';
import type { SurfaceContext } from '../context.js';
import type { LegacyIngest } from '../../pipeline/legacy/index.js';

export function registerMigrationRoute(_app: FastifyInstance, _ctx: Omit<SurfaceContext, 'pipeline'>, _adminKey: string, _legacy: LegacyIngest): void {}
