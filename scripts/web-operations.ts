// Typed GraphQL documents for the TypeScript SDK and the web app: every `<src>/**/*.graphql` file becomes a
// `<name>.generated.ts` beside it. The schema's enums and input types are generated once, into
// packages/sdk/src/api/schema.generated.ts; the web app's api/schema.ts re-exports them (`@labelyard/sdk/schema`). Types come from api/schema.graphql, so an operation that no longer
// matches the schema fails generation (and CI), and a field the schema changed fails the web app's typecheck.
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  isCompositeType,
  Kind,
  OperationTypeNode,
  parse,
  print,
  typeFromAST,
  validate,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type GraphQLCompositeType,
} from 'graphql';

const HEADER = '// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).\n';
let currentSchema: GraphQLSchema | undefined;
const SCALARS: Record<string, string> = {
  ID: 'string',
  String: 'string',
  Boolean: 'boolean',
  Int: 'number',
  Float: 'number',
  PageSize: 'number',
  UInt64: 'string',
  DateTime: 'string',
  Json: 'JsonValue',
  Upload: 'File',
};

/** Every generated file of the web app and the SDK, by absolute path, with its text. */
export function renderWebOperations(root: string): Map<string, string> {
  const schema = buildSchema(fs.readFileSync(path.join(root, 'api/schema.graphql'), 'utf8'));
  const out = new Map<string, string>();
  const targets = [
    { src: 'packages/sdk/src', schemaModule: 'schema.generated.ts' },
    { src: 'apps/web/src', schemaModule: 'schema.ts' },
  ];
  out.set(path.join(root, 'packages/sdk/src/api/schema.generated.ts'), renderSchemaTypes(schema));
  for (const { src, schemaModule } of targets) {
    const api = path.join(root, src, 'api');
    for (const file of graphqlFiles(path.join(root, src))) {
      out.set(
        file.replace(/\.graphql$/, '.generated.ts'),
        renderDocument(schema, file, root, api, schemaModule),
      );
    }
  }
  return out;
}

function graphqlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...graphqlFiles(full));
    else if (entry.name.endsWith('.graphql')) found.push(full);
  }
  return found.sort();
}

function renderSchemaTypes(schema: GraphQLSchema): string {
  const lines = [
    HEADER,
    '/** Any JSON value (objects are not checked deeper). */\nexport type JsonValue = string | number | boolean | object | null;',
    '',
  ];
  const types = Object.values(schema.getTypeMap())
    .filter((t) => !t.name.startsWith('__'))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of types) {
    if (type instanceof GraphQLEnumType) {
      const values = type.getValues().map((v) => `'${v.name}'`);
      lines.push(`export type ${type.name} = ${values.join(' | ')};`, '');
    } else if (type instanceof GraphQLInputObjectType) {
      lines.push(`export type ${type.name} = {`);
      for (const field of Object.values(type.getFields())) {
        const required = field.type instanceof GraphQLNonNull;
        lines.push(`  ${field.name}${required ? '' : '?'}: ${inputType(field.type)};`);
      }
      lines.push('};', '');
    }
  }
  return lines.join('\n');
}

function inputType(type: GraphQLInputType, nullable = true): string {
  if (type instanceof GraphQLNonNull) return inputType(type.ofType as GraphQLInputType, false);
  const suffix = nullable ? ' | null' : '';
  if (type instanceof GraphQLList) return `Array<${inputType(type.ofType as GraphQLInputType)}>${suffix}`;
  if (type instanceof GraphQLScalarType) return (SCALARS[type.name] ?? 'unknown') + suffix;
  return type.name + suffix;
}

function renderDocument(
  schema: GraphQLSchema,
  file: string,
  root: string,
  api: string,
  schemaModule: string,
): string {
  const source = fs.readFileSync(file, 'utf8');
  const document = parse(source);
  const errors = validate(schema, document);
  if (errors.length > 0) {
    const where = path.relative(root, file);
    throw new Error(`${where}: ${errors.map((e) => e.message).join('; ')}`);
  }
  const used = new Set<string>();
  const body: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) {
      throw new Error(`${path.relative(root, file)}: every definition must be a named operation`);
    }
    body.push(renderOperation(schema, definition, used));
  }
  const importPath = path.relative(path.dirname(file), api).split(path.sep).join('/');
  const prefix = importPath.startsWith('.') ? importPath : `./${importPath}`;
  const schemaImports = [...used].sort();
  const head = [
    HEADER,
    `import type { TypedDocument } from '${prefix}/typed-document.ts';`,
    schemaImports.length > 0
      ? `import type { ${schemaImports.join(', ')} } from '${prefix}/${schemaModule}';`
      : '',
  ].filter(Boolean);
  return `${head.join('\n')}\n\n${body.join('\n')}`;
}

function renderOperation(schema: GraphQLSchema, op: OperationDefinitionNode, used: Set<string>): string {
  currentSchema = schema;
  const name = op.name!.value;
  const kind =
    op.operation === OperationTypeNode.QUERY
      ? 'Query'
      : op.operation === OperationTypeNode.MUTATION
        ? 'Mutation'
        : 'Subscription';
  const rootType =
    op.operation === OperationTypeNode.QUERY ? schema.getQueryType() : schema.getMutationType();
  if (!rootType) throw new Error(`${name}: the schema has no ${op.operation} type`);
  const typeName = `${name}${kind}`;
  const vars = (op.variableDefinitions ?? []).map((v) => {
    const type = typeFromAST(schema, v.type as never) as GraphQLInputType;
    collectNamed(type, used);
    const optional = !(type instanceof GraphQLNonNull) || v.defaultValue !== undefined;
    return `  ${v.variable.name.value}${optional ? '?' : ''}: ${inputType(type)};`;
  });
  const result = selectionType(rootType, op.selectionSet, 1, used);
  const text = print(op);
  return [
    `export type ${typeName} = ${result};`,
    vars.length > 0
      ? `export type ${typeName}Variables = {\n${vars.join('\n')}\n};`
      : `export type ${typeName}Variables = Record<string, never>;`,
    `export const ${typeName}: TypedDocument<${typeName}, ${typeName}Variables> = {`,
    `  operationName: '${name}',`,
    `  source: ${JSON.stringify(text)},`,
    '};',
    '',
  ].join('\n');
}

function collectNamed(type: GraphQLInputType, used: Set<string>): void {
  const named = getNamedType(type);
  if (named instanceof GraphQLScalarType) {
    if (named.name === 'Json') used.add('JsonValue');
  } else used.add(named.name);
}

function selectionType(
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  depth: number,
  used: Set<string>,
): string {
  const fields = fieldLines(parent, selectionSet, depth, used, false);
  return `{\n${fields.join('\n')}\n${'  '.repeat(depth - 1)}}`;
}

function fieldLines(
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  depth: number,
  used: Set<string>,
  optional: boolean,
): string[] {
  const pad = '  '.repeat(depth);
  const mark = optional ? '?' : '';
  const lines: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const fieldName = selection.name.value;
      const key = selection.alias?.value ?? fieldName;
      if (fieldName === '__typename') {
        lines.push(`${pad}${key}${mark}: string;`);
        continue;
      }
      if (!('getFields' in parent))
        throw new Error(`select fields of ${parent.name} through inline fragments`);
      const field = parent.getFields()[fieldName]!;
      lines.push(`${pad}${key}${mark}: ${outputType(field.type, selection.selectionSet, depth, used)};`);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition
        ? (currentSchema!.getType(selection.typeCondition.name.value) as GraphQLCompositeType)
        : parent;
      // Fields under a type condition may be absent: they become optional.
      lines.push(...fieldLines(on, selection.selectionSet, depth, used, true));
    } else {
      throw new Error('fragment spreads are not supported: inline the fields');
    }
  }
  return lines;
}

function outputType(
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  depth: number,
  used: Set<string>,
  nullable = true,
): string {
  if (type instanceof GraphQLNonNull) return outputType(type.ofType, selectionSet, depth, used, false);
  const suffix = nullable ? ' | null' : '';
  if (type instanceof GraphQLList) {
    return `Array<${outputType(type.ofType, selectionSet, depth, used)}>${suffix}`;
  }
  if (type instanceof GraphQLScalarType) {
    const ts = SCALARS[type.name] ?? 'unknown';
    if (ts === 'JsonValue') used.add('JsonValue');
    return ts + suffix;
  }
  if (type instanceof GraphQLEnumType) {
    used.add(type.name);
    return type.name + suffix;
  }
  if (isCompositeType(type) && selectionSet) {
    return selectionType(type, selectionSet, depth + 1, used) + suffix;
  }
  throw new Error(`${String(type)} needs a selection set`);
}
