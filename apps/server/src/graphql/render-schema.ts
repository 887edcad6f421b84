import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from './build-schema.ts';

export const SCHEMA_HEADER =
  '# GENERATED FILE — do not edit. Made by `npm run generate` (scripts/generate-schema.ts) from\n' +
  '# apps/server/src/graphql/schema/*.graphql; a test fails when it is stale.\n\n';

/** The committed, client-facing schema: sorted so that moving SDL between files does not churn it. */
export function renderSchemaFile(): string {
  return SCHEMA_HEADER + printSchema(lexicographicSortSchema(buildSchema())) + '\n';
}
