/**
 * Label types: Labelbox's `type {id name}` tells submitted labels from skipped ones, and the documented filter
 * `where: {type: {id: "TYPE_ID"}}` uses the id. The ids are fixed (25-char, cuid-like) so scripts can hard-code them.
 */
export type LabelTypeKey = 'SUBMITTED' | 'SKIPPED';
export type LabelType = { key: LabelTypeKey; id: string; name: string };

export const LABEL_TYPES: readonly LabelType[] = [
  { key: 'SUBMITTED', id: 'clabeltype000000submitted', name: 'Submitted' },
  { key: 'SKIPPED', id: 'clabeltype00000000skipped', name: 'Skipped' },
];

export const labelTypeById = (id: string): LabelType | undefined => LABEL_TYPES.find((t) => t.id === id);
export const labelTypeByName = (name: string): LabelType | undefined =>
  LABEL_TYPES.find((t) => t.name.toLowerCase() === name.toLowerCase() || t.key === name);
export const labelTypeOf = (key: string): LabelType =>
  LABEL_TYPES.find((t) => t.key === key) ?? LABEL_TYPES[0]!;
