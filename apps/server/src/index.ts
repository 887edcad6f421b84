export { serve } from './main.ts';
export { loadConfig, type Config } from './config.ts';
export { createAppContext, closeAppContext } from './bootstrap.ts';
export { buildApp } from './http/app.ts';
export { connectDatabase, type DatabaseHandle } from './db/connect.ts';
export { migrateToLatest } from './db/migrate.ts';
export { IdentityService } from './services/identity.service.ts';
export { AppError } from './errors.ts';
