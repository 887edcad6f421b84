/** A GraphQL operation with its result and variables types (made by `npm run generate` from a .graphql file). */
export type TypedDocument<Result, Variables> = {
  readonly operationName: string;
  readonly source: string;
  /** Phantom fields: they carry the types and are never set. */
  readonly __result?: Result;
  readonly __variables?: Variables;
};

export type ResultOf<D> = D extends TypedDocument<infer R, unknown> ? R : never;
export type VariablesOf<D> = D extends TypedDocument<unknown, infer V> ? V : never;
