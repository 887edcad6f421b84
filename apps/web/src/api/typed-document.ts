// The web app's typed documents are the SDK's: one definition for every generated `*.generated.ts`.
export type { ResultOf, TypedDocument, VariablesOf } from '@labelyard/sdk';
