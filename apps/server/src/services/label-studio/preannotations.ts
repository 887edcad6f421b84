import { isRecord } from './dm-query.ts';
import { lsValidation, type LsProject } from './project.service.ts';
import type { ImportInput } from './task.service.ts';

/** Most field names one import may turn into predictions. */
const MAX_FIELDS = 50;
/** Controls whose result value is the plain value, not a list of them. */
const SCALAR_TYPES = new Set(['rating', 'number', 'datetime']);

/**
 * `preannotated_from_fields` of an import (`?preannotated_from_fields=pet,mood` or the parameter repeated, as both
 * SDKs send a list): the field names, in order, without repeats; none is undefined.
 */
export function parsePreannotatedFields(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => {
    if (typeof v !== 'string')
      throw lsValidation('preannotated_from_fields', 'Expected field names, comma-separated or repeated.');
    return v.split(',');
  });
  const fields = [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
  if (fields.length > MAX_FIELDS)
    throw lsValidation('preannotated_from_fields', `At most ${MAX_FIELDS} fields (got ${fields.length})`);
  return fields.length > 0 ? fields : undefined;
}

/**
 * Turns each named field of every task's data into a prediction, as Label Studio's import does with
 * `preannotated_from_fields`: the field's value becomes the result of the control of the same name (`{"pet": "Cat"}`
 * with `<Choices name="pet" toName="image">` → `choices: ["Cat"]`; an object value is the result's `value` as it is),
 * `score` 1 and `model_version` "preannotated". The field stays in the data. A task without one of the fields refuses
 * the import (naming the task and the field); a null value makes no prediction. Predictions the task carried are
 * kept beside the new ones. The retry receipt's key includes the fields, so the same body imported without them (or
 * with others) is not taken for a retry.
 */
export function withPreannotations(
  input: ImportInput,
  fields: readonly string[],
  project: LsProject,
): ImportInput {
  const wrap = (part: { items: AsyncIterable<unknown>; hash: () => string }) => ({
    items: preannotate(part.items, fields, project),
    hash: () => `${part.hash()}|preannotated_from_fields=${JSON.stringify(fields)}`,
  });
  return {
    ...wrap(input),
    ...(input.again && {
      again: async () => {
        const again = await input.again!();
        return again && wrap(again);
      },
    }),
  };
}

async function* preannotate(
  items: AsyncIterable<unknown>,
  fields: readonly string[],
  project: LsProject,
): AsyncIterable<unknown> {
  let index = 0;
  for await (const item of items) {
    index++;
    // Anything but an object is left for the import to refuse with its own message.
    if (!isRecord(item)) {
      yield item;
      continue;
    }
    const wrapped = isRecord(item.data);
    const data = (wrapped ? item.data : item) as Record<string, unknown>;
    const made: unknown[] = [];
    for (const field of fields) {
      if (!Object.hasOwn(data, field))
        throw lsValidation(
          'preannotated_from_fields',
          `Task #${index}: preannotated field "${field}" is not in the task data`,
        );
      const value = data[field];
      if (value === null || value === undefined) continue;
      const control = project.config.controls.find((c) => c.name === field);
      // Label Studio's fallbacks when no control has the field's name; such a result is then refused by name.
      const type = control ? control.tag.toLowerCase() : 'choices';
      const key = type === 'textarea' ? 'text' : type;
      made.push({
        result: [
          {
            from_name: field,
            to_name: control?.toName[0] ?? 'text',
            type,
            value: isRecord(value)
              ? value
              : { [key]: SCALAR_TYPES.has(type) || Array.isArray(value) ? value : [value] },
          },
        ],
        score: 1.0,
        model_version: 'preannotated',
      });
    }
    const kept = wrapped && Array.isArray(item.predictions) ? (item.predictions as unknown[]) : [];
    yield wrapped ? { ...item, predictions: [...kept, ...made] } : { data: item, predictions: made };
  }
}
