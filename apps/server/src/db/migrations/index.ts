import type { Migration } from 'kysely';
import * as core from './2026-11-23T0001-core.ts';
import * as catalog from './2026-11-23T0002-catalog.ts';
import * as ontologiesProjects from './2026-11-23T0003-ontologies-projects.ts';

/** Every migration, by name; names sort in the order they run. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0001-core': core,
  '2026-11-23T0002-catalog': catalog,
  '2026-11-23T0003-ontologies-projects': ontologiesProjects,
};
