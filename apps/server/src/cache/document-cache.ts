import {
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import type { ValidationRule } from 'graphql';
import { LruMap } from './lru-map.ts';

/** A query string once parsed and validated against one schema: the document, or the errors that reject it. */
export type PreparedDocument =
  | { ok: true; document: DocumentNode }
  | { ok: false; stage: 'parse' | 'validate'; errors: readonly GraphQLError[] };

export type DocumentCacheOptions = {
  /** Distinct query strings kept (clients send a few hundred). */
  max?: number;
  /** Longer query strings are prepared every time rather than held in memory. */
  maxQueryLength?: number;
  /** Validation rules; the cache holds their verdict, so they must depend on the document and schema only. */
  rules?: readonly ValidationRule[];
  /**
   * Cheap rules validated first and alone (the query limits): graphql-js's own rules include one that compares
   * every pair of fields (OverlappingFieldsCanBeMerged), so 1,000 aliases cost a third of a second there before
   * the limits could refuse them. The full `rules` run only on documents these pass.
   */
  gateRules?: readonly ValidationRule[];
};

/**
 * Parse + validate once per distinct query string: SDK clients send the same few hundred documents, and validation
 * walks the whole document with every rule (the largest per-request cost in profiles). Entries belong to the schema
 * they were validated against; preparing with another schema object empties the cache first.
 */
export class DocumentCache {
  private readonly entries: LruMap<string, PreparedDocument>;
  private readonly maxQueryLength: number;
  private readonly rules: readonly ValidationRule[];
  private readonly gateRules: readonly ValidationRule[];
  private schema: GraphQLSchema | undefined;

  constructor(options: DocumentCacheOptions = {}) {
    this.entries = new LruMap(options.max ?? 1000);
    this.maxQueryLength = options.maxQueryLength ?? 64 * 1024;
    this.rules = options.rules ?? specifiedRules;
    this.gateRules = options.gateRules ?? [];
  }

  get size(): number {
    return this.entries.size;
  }

  /** The prepared form of `query` if the cache holds it (for this schema), without preparing it. */
  get(schema: GraphQLSchema, query: string): PreparedDocument | undefined {
    return schema === this.schema ? this.entries.get(query) : undefined;
  }

  prepare(schema: GraphQLSchema, query: string): PreparedDocument {
    if (schema !== this.schema) {
      this.entries.clear();
      this.schema = schema;
    }
    const cached = this.entries.get(query);
    if (cached) return cached;
    const prepared = this.prepareUncached(schema, query);
    if (query.length <= this.maxQueryLength) this.entries.set(query, prepared);
    return prepared;
  }

  private prepareUncached(schema: GraphQLSchema, query: string): PreparedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { ok: false, stage: 'parse', errors: [error as GraphQLError] };
    }
    const gate = this.gateRules.length > 0 ? validate(schema, document, this.gateRules) : [];
    if (gate.length > 0) return { ok: false, stage: 'validate', errors: gate };
    const errors = validate(schema, document, this.rules);
    return errors.length > 0 ? { ok: false, stage: 'validate', errors } : { ok: true, document };
  }
}
