import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  isEnumType,
  isInputObjectType,
  Kind,
  OperationTypeNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { errorCodes } from '../errors.ts';

/**
 * Bounds on what one GraphQL document may ask for, checked before execution. Every query the Labelbox SDK sends
 * stays well under them (test/security/query-cost.test.ts runs them all).
 */
export type QueryLimits = {
  /** Deepest field nesting, fragments expanded. */
  maxDepth: number;
  /** Aliased fields in the whole operation (aliases multiply work past the per-request rate limit). */
  maxAliases: number;
  /** Estimated nodes resolved: each field costs the product of the page sizes of the lists around it. */
  maxCost: number;
  /** Root fields of a mutation operation: each is a write the per-request rate limit would count once. */
  maxMutations: number;
  /** Page size assumed for a paginated list whose `first` is a variable without default, or not given. */
  assumedListSize: number;
  /** Size assumed for a list field that takes no page argument (metadata, attachments, options…). */
  unpaginatedListSize: number;
  /** Estimated introspection nodes (in-memory, cheap, but nested introspection grows exponentially). */
  maxIntrospectionCost: number;
};

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 20,
  maxAliases: 30,
  maxCost: 25_000,
  maxMutations: 10,
  assumedListSize: 100,
  unpaginatedListSize: 10,
  maxIntrospectionCost: 250_000,
};

export type QueryCost = {
  depth: number;
  aliases: number;
  cost: number;
  mutations: number;
  introspection: number;
};

/** The message the Labelbox SDK turns into `ValidationFailedError` (with `extensions.code` GRAPHQL_VALIDATION_FAILED). */
export const QUERY_COMPLEXITY_MESSAGE = 'Query complexity limit exceeded';

/** Selection sets one operation may expand to; the Labelbox SDK's largest (with fragments) has under 200. */
const MAX_EXPANDED_SELECTION_SETS = 10_000;

const PAGE_ARGS = new Set(['first', 'take', 'size', 'limit']);

/**
 * The cost of every operation of a document. Depends on the document and schema only (never on variable values:
 * a page size given by a variable counts as its default, else as `assumedListSize`), so it is computed once per
 * document, as part of validation, and can be cached with the parsed document.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): QueryCost {
  const root =
    operation.operation === OperationTypeNode.MUTATION
      ? schema.getMutationType()
      : operation.operation === OperationTypeNode.SUBSCRIPTION
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const variableDefaults = new Map<string, VariableDefinitionNode>(
    (operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, v]),
  );
  const totals: QueryCost = { depth: 0, aliases: 0, cost: 0, mutations: 0, introspection: 0 };
  const introspectionSizes = introspectionListSizes(schema);
  const pageSize = (value: ValueNode | undefined): number => {
    if (value?.kind === Kind.INT) return Math.max(0, Number(value.value));
    if (value?.kind === Kind.VARIABLE) {
      const fallback = variableDefaults.get(value.name.value)?.defaultValue;
      if (fallback?.kind === Kind.INT) return Math.max(0, Number(fallback.value));
    }
    return limits.assumedListSize;
  };

  // Iterative walk: selection set, parent type, multiplier, depth, page size pending from a connection field,
  // whether inside introspection, fragments already expanded on this path.
  type Frame = {
    set: SelectionSetNode;
    parent: GraphQLCompositeType | undefined;
    multiplier: number;
    depth: number;
    pending: number | undefined;
    introspecting: boolean;
    fragments: ReadonlySet<string>;
  };
  const stack: Frame[] = [
    {
      set: operation.selectionSet,
      parent: root ?? undefined,
      multiplier: 1,
      depth: 1,
      pending: undefined,
      introspecting: false,
      fragments: new Set(),
    },
  ];
  // Fragments spread inside fragments multiply the walk (ten levels of ten spreads are 10^10 selection sets): past
  // this many selection sets, fragments expanded, the operation is over the cost limit whatever is left.
  let budget = MAX_EXPANDED_SELECTION_SETS;
  while (stack.length > 0) {
    if (--budget < 0) {
      totals.cost = Number.MAX_SAFE_INTEGER;
      break;
    }
    const frame = stack.pop()!;
    const { parent, multiplier, depth } = frame;
    for (const selection of frame.set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || frame.fragments.has(name)) continue; // other rules report unknown and cyclic fragments
        const type = asComposite(schema.getType(fragment.typeCondition.name.value)) ?? parent;
        const inner = new Set(frame.fragments).add(name);
        stack.push({ ...frame, set: fragment.selectionSet, parent: type, fragments: inner });
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        const type = condition ? (asComposite(schema.getType(condition)) ?? parent) : parent;
        stack.push({ ...frame, set: selection.selectionSet, parent: type });
        continue;
      }
      if (selection.alias) totals.aliases++;
      if (depth === 1 && operation.operation === OperationTypeNode.MUTATION) totals.mutations++;
      totals.depth = Math.max(totals.depth, depth);
      const name = selection.name.value;
      const introspecting = frame.introspecting || name.startsWith('__');
      if (introspecting) totals.introspection += multiplier;
      else totals.cost += multiplier;
      if (!selection.selectionSet) continue;
      const field = fieldOf(parent, name);
      const returnsList = field ? isListType(getNullableType(field.type)) : false;
      const pageArg = selection.arguments?.find((a) => PAGE_ARGS.has(a.name.value));
      const paginated = field?.args.some((a) => PAGE_ARGS.has(a.name)) ?? false;
      let size: number | undefined;
      if (pageArg) size = pageSize(pageArg.value);
      else if (frame.pending !== undefined) size = frame.pending;
      else if (introspecting) size = introspectionSizes.get(`${parent?.name}.${name}`) ?? 1;
      else size = paginated ? limits.assumedListSize : limits.unpaginatedListSize;
      stack.push({
        set: selection.selectionSet,
        parent: field ? asComposite(getNamedType(field.type)) : undefined,
        multiplier: returnsList ? multiplier * Math.max(1, size) : multiplier,
        depth: depth + 1,
        // A connection (an object taking `first`): its `nodes`/`edges` list has that size.
        pending: !returnsList && pageArg ? size : undefined,
        introspecting,
        fragments: frame.fragments,
      });
    }
  }
  return totals;
}

/** Which limit a cost exceeds, or null. */
export function exceededLimit(
  cost: QueryCost,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): { limit: keyof QueryCost; value: number; max: number } | null {
  const checks: Array<[keyof QueryCost, number]> = [
    ['depth', limits.maxDepth],
    ['aliases', limits.maxAliases],
    ['mutations', limits.maxMutations],
    ['cost', limits.maxCost],
    ['introspection', limits.maxIntrospectionCost],
  ];
  for (const [limit, max] of checks) if (cost[limit] > max) return { limit, value: cost[limit], max };
  return null;
}

/**
 * A validation rule (runs with graphql-js's own rules, before execution) that refuses operations over the limits
 * with Labelbox's query-complexity error: message "Query complexity limit exceeded", code GRAPHQL_VALIDATION_FAILED.
 */
export function queryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ValidationRule {
  return (context: ValidationContext) => ({
    Document(document: DocumentNode) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of document.definitions)
        if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      for (const d of document.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const exceeded = exceededLimit(measureOperation(context.getSchema(), d, fragments, limits), limits);
        if (!exceeded) continue;
        context.reportError(
          new GraphQLError(QUERY_COMPLEXITY_MESSAGE, {
            nodes: d,
            extensions: { code: errorCodes.QUERY_COMPLEXITY_EXCEEDED.graphqlCode, complexity: exceeded },
          }),
        );
      }
      return false; // nothing below the document needs visiting
    },
  });
}

function asComposite(type: unknown): GraphQLCompositeType | undefined {
  return isObjectType(type) || isInterfaceType(type) || isUnionType(type) ? type : undefined;
}

function fieldOf(
  parent: GraphQLCompositeType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  const fields = parent.getFields();
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

const introspectionCache = new WeakMap<GraphQLSchema, Map<string, number>>();

/**
 * Average sizes of the introspection lists of a schema (types per schema, fields per type, args per field…): the
 * standard introspection query is estimated close to what it really resolves, and nested introspection
 * (`types{fields{type{fields…}}}`) multiplies as it really does.
 */
function introspectionListSizes(schema: GraphQLSchema): Map<string, number> {
  const cached = introspectionCache.get(schema);
  if (cached) return cached;
  const types = Object.values(schema.getTypeMap());
  const avg = (counts: number[]) =>
    counts.length === 0 ? 1 : Math.max(1, Math.ceil(counts.reduce((a, b) => a + b, 0) / counts.length));
  const withFields = types.filter((t) => isObjectType(t) || isInterfaceType(t));
  const fieldLists = withFields.map((t) => Object.keys(t.getFields()).length);
  const args = withFields.flatMap((t) => Object.values(t.getFields()).map((f) => f.args.length));
  const inputs = types.filter(isInputObjectType).map((t) => Object.keys(t.getFields()).length);
  const enums = types.filter(isEnumType).map((t) => t.getValues().length);
  const interfaces = types.filter(isObjectType).map((t) => t.getInterfaces().length);
  const possible = types.filter(isUnionType).map((t) => t.getTypes().length);
  const directives = schema.getDirectives();
  const sizes = new Map<string, number>([
    ['__Schema.types', types.length],
    ['__Schema.directives', directives.length],
    ['__Type.fields', avg(fieldLists)],
    ['__Type.inputFields', avg(inputs)],
    ['__Type.enumValues', avg(enums)],
    ['__Type.interfaces', avg(interfaces)],
    ['__Type.possibleTypes', avg(possible)],
    ['__Field.args', avg(args)],
    ['__Directive.args', avg(directives.map((d) => d.args.length))],
    ['__Directive.locations', 1],
  ]);
  introspectionCache.set(schema, sizes);
  return sizes;
}
