import { invalid } from '../errors.ts';

/**
 * A colour as the Labelbox SDK sends it for user groups and resource tags: six hex digits, `#` optional, stored
 * without `#` in the case that face reads back (the SDK's UserGroupColor values are upper case).
 */
export function hexColor(value: unknown, field: string, letterCase: 'upper' | 'lower'): string {
  if (typeof value !== 'string' || !/^#?[0-9a-f]{6}$/i.test(value)) {
    const example = letterCase === 'upper' ? '9EC5FF' : 'ffffff';
    throw invalid(field, `must be six hex digits such as ${example}, got ${JSON.stringify(value)}`);
  }
  const digits = value.replace('#', '');
  return letterCase === 'upper' ? digits.toUpperCase() : digits.toLowerCase();
}
