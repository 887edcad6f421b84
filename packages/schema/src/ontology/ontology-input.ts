import { z } from 'zod';
import { isColor } from './ontology-colors.ts';
import { CLASSIFICATION_SCOPES, CLASSIFICATION_TYPES, TOOL_TYPES, UI_MODES } from './ontology-kinds.ts';

/**
 * Shapes of the normalized JSON a client sends (the Labelbox SDK's `OntologyBuilder.asdict()`, a single
 * `Tool`/`Classification.asdict()`, or hand-written dicts with keys left out). Only field types are checked here;
 * rules across nodes (names, duplicates, options) are in ontology-normalize.ts. Unknown keys pass through.
 */

const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input == null ? 'is required' : `must be ${what}, got ${JSON.stringify(issue.input)}`,
});
const oneOf = (values: readonly string[]) => ({
  error: (issue: { input?: unknown }) =>
    issue.input == null ? 'is required' : `${JSON.stringify(issue.input)} is not one of ${values.join(', ')}`,
});

const id = z.string(expected('a string')).min(1, 'must not be empty').nullish();
const flag = z.boolean(expected('true or false')).nullish();
const text = z.string(expected('a string')).nullish();
const color = z
  .string(expected('a color string'))
  .refine(isColor, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a color (use #rrggbb, rgb(…), hsl(…) or a CSS color name)`,
  })
  .nullish();
const optionValue = z.union([z.string(), z.number()], expected('a string or a number'));
const characters = z
  .number(expected('a number'))
  .int('must be an integer')
  .nonnegative('must not be negative')
  .nullish();

export const optionInputSchema = z.looseObject(
  {
    value: optionValue,
    label: optionValue.nullish(),
    schemaNodeId: id,
    featureSchemaId: id,
    get options() {
      return z.array(classificationInputSchema, expected('a list')).nullish();
    },
  },
  expected('an object'),
);

export const classificationInputSchema = z.looseObject(
  {
    type: z.enum(CLASSIFICATION_TYPES, oneOf(CLASSIFICATION_TYPES)),
    name: text,
    instructions: text,
    required: flag,
    scope: z.enum(CLASSIFICATION_SCOPES, oneOf(CLASSIFICATION_SCOPES)).nullish(),
    uiMode: z.enum(UI_MODES, oneOf(UI_MODES)).nullish(),
    minCharacters: characters,
    maxCharacters: characters,
    color,
    schemaNodeId: id,
    featureSchemaId: id,
    get options() {
      return z.array(optionInputSchema, expected('a list')).nullish();
    },
  },
  expected('an object'),
);

export const toolInputSchema = z.looseObject(
  {
    tool: z.enum(TOOL_TYPES, oneOf(TOOL_TYPES)),
    name: z.string(expected('a string')),
    required: flag,
    color,
    schemaNodeId: id,
    featureSchemaId: id,
    get classifications() {
      return z.array(classificationInputSchema, expected('a list')).nullish();
    },
  },
  expected('an object'),
);

export const ontologyInputSchema = z.looseObject(
  {
    tools: z.array(toolInputSchema, expected('a list')).nullish(),
    classifications: z.array(classificationInputSchema, expected('a list')).nullish(),
  },
  expected('an object with "tools" and "classifications"'),
);

export type OptionInput = z.infer<typeof optionInputSchema>;
export type ClassificationInput = z.infer<typeof classificationInputSchema>;
export type ToolInput = z.infer<typeof toolInputSchema>;
export type OntologyInput = z.infer<typeof ontologyInputSchema>;
