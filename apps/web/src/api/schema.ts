// The schema's enums and input types, generated once for the SDK (packages/sdk/src/api/schema.generated.ts).
export type * from '@labelyard/sdk/schema';
