import {
  execute,
  getNamedType,
  getOperationAST,
  isInputObjectType,
  Kind,
  typeFromAST,
  visit,
  OperationTypeNode,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputObjectType,
  type GraphQLType,
  type GraphQLSchema,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type VariableNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

export type ExecuteArgs = {
  document: DocumentNode;
  operationName: string | undefined;
  variableValues: Record<string, unknown> | null;
  contextValue: unknown;
};

/** How a document's operation runs: compiled by graphql-jit, or by graphql-js (`execute`). */
type Plan = { uses: number; compiled: CompiledQuery | null; nested: readonly string[] };

/** Documents compiled on their second run: a query string sent once is not worth a compile (a few ms). */
const COMPILE_AFTER_USES = 2;

/**
 * Runs queries through graphql-jit's compiled form of their document (the graphql-js executor was the largest
 * single cost of a list page in profiles) while every response stays graphql-js's own:
 * - only queries are compiled; mutations (serial, with effects), subscriptions and introspection run on graphql-js;
 * - a document jit cannot compile (e.g. several operations and no name) runs on graphql-js, which answers the error;
 * - a request leaving out a variable used inside an input object or list literal runs on graphql-js (see
 *   nestedVariables);
 * - an answer with any error is computed again by graphql-js, so messages, paths, locations, their order and null
 *   bubbling are graphql-js's (queries only read, so running one twice has no effect; errors are rare).
 * Compiled queries live beside the document they were made from (the document cache holds it).
 */
export class QueryExecutor {
  private readonly plans = new WeakMap<DocumentNode, Map<string, Plan>>();
  private readonly recursiveTypes = new Map<GraphQLInputObjectType, boolean>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: { compileAfterUses?: number } = {},
  ) {}

  execute(args: ExecuteArgs): Promise<ExecutionResult> | ExecutionResult {
    const plan = this.planFor(args.document, args.operationName);
    const compiled = plan.compiled;
    if (!compiled || plan.nested.some((name) => !hasOwn(args.variableValues, name)))
      return this.executeJs(args);
    const result = compiled.query(undefined, args.contextValue, args.variableValues);
    if (result instanceof Promise)
      return result.then((r: ExecutionResult) => (r.errors ? this.executeJs(args) : r));
    return result.errors ? this.executeJs(args) : result;
  }

  /** Whether `execute` runs this operation compiled (when its nested variables are sent; for tests). */
  isCompiled(document: DocumentNode, operationName: string | undefined): boolean {
    return (this.plans.get(document)?.get(operationName ?? '')?.compiled ?? null) !== null;
  }

  /** graphql-js, as every request ran before. */
  executeJs(args: ExecuteArgs): Promise<ExecutionResult> | ExecutionResult {
    return execute({ schema: this.schema, ...args });
  }

  private planFor(document: DocumentNode, operationName: string | undefined): Plan {
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let plan = byName.get(key);
    if (!plan) byName.set(key, (plan = { uses: 0, compiled: null, nested: [] }));
    const after = this.options.compileAfterUses ?? COMPILE_AFTER_USES;
    if (plan.uses < after && ++plan.uses === after) {
      plan.compiled = this.compile(document, operationName);
      if (plan.compiled) plan.nested = nestedVariables(document, operationName);
    }
    return plan;
  }

  /** Whether an input type contains itself, or a type that does, through its fields (memoised per named type). */
  private recursive(type: GraphQLType | undefined): boolean {
    if (!type) return false;
    const named = getNamedType(type);
    if (!isInputObjectType(named)) return false;
    let verdict = this.recursiveTypes.get(named);
    if (verdict === undefined) {
      verdict = cyclic(named);
      this.recursiveTypes.set(named, verdict);
    }
    return verdict;
  }

  private compile(document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation !== OperationTypeNode.QUERY) return null;
    if (introspects(document, operation.selectionSet)) return null;
    // graphql-jit 0.8 unrolls a variable's input type without end when the type contains itself (`where:
    // ProjectWhereInput` with AND/OR/NOT): 9–13 s of blocked event loop, then a stack overflow. Those run on graphql-js.
    if (operation.variableDefinitions?.some((v) => this.recursive(typeFromAST(this.schema, v.type))))
      return null;
    const compiled = compileQuery(this.schema, document, operationName);
    return isCompiledQuery(compiled) ? compiled : null;
  }
}

/** `__schema` or `__type` at the root (the API explorer and codegen ask; not worth a compiled form). */
function introspects(document: DocumentNode, set: SelectionSetNode, seen = new Set<string>()): boolean {
  return set.selections.some((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type';
    if (s.kind === Kind.INLINE_FRAGMENT) return introspects(document, s.selectionSet, seen);
    if (seen.has(s.name.value)) return false;
    seen.add(s.name.value);
    const fragment = document.definitions.find(
      (d): d is FragmentDefinitionNode =>
        d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value,
    );
    return fragment !== undefined && introspects(document, fragment.selectionSet, seen);
  });
}

/** Whether a cycle of input object types is reachable from `type` (depth-first: `path` the types above it, `clear`
 * those already found to reach none). */
function cyclic(
  type: GraphQLInputObjectType,
  path = new Set<GraphQLInputObjectType>(),
  clear = new Set<GraphQLInputObjectType>(),
): boolean {
  path.add(type);
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (!isInputObjectType(named) || clear.has(named)) continue;
    if (path.has(named) || cyclic(named, path, clear)) return true;
  }
  path.delete(type);
  clear.add(type);
  return false;
}

const hasOwn = (values: Record<string, unknown> | null, name: string) =>
  values !== null && Object.hasOwn(values, name);

/**
 * Variables without a default used inside an input object or list literal (`where: {name: $name}`): when one is
 * not sent, graphql-js leaves the field out while graphql-jit 0.8 sets it to null (a filter on null instead of no
 * filter), so such a request runs on graphql-js. Fragments are included whole (a superset is safe).
 */
function nestedVariables(document: DocumentNode, operationName: string | undefined): string[] {
  const operation = getOperationAST(document, operationName)!;
  const names = new Set<string>();
  let depth = 0;
  const visitor = {
    ObjectValue: { enter: () => void depth++, leave: () => void depth-- },
    ListValue: { enter: () => void depth++, leave: () => void depth-- },
    Variable: (node: VariableNode) => void (depth > 0 && names.add(node.name.value)),
    VariableDefinition: () => false,
  };
  visit(operation, visitor);
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) visit(d, visitor);
  const withDefault = new Set(
    (operation.variableDefinitions ?? []).filter((v) => v.defaultValue).map((v) => v.variable.name.value),
  );
  return [...names].filter((name) => !withDefault.has(name));
}
