import type { LabelFilterField } from '../repositories/label.repository.ts';
import type { FilterValue } from '../repositories/where-sql.ts';
import { labelTypeById, labelTypeByName } from './label.types.ts';
import type { WhereSpec } from './where-input.ts';

// Type ids and names map to the stored SUBMITTED / SKIPPED; an unknown one matches nothing.
const typeBy =
  (find: (v: string) => { key: string } | undefined) =>
  (v: FilterValue): FilterValue =>
    find(String(v))?.key ?? '?';

/**
 * `LabelWhereInput`: scalar fields plus the relations Labelbox's documented scripts and the SDK filter by —
 * `createdBy: {id}`, `type: {id | name}`, `dataRow: {id, globalKey, externalId, dataset: {id | id_in}}`. Labels are
 * never soft-deleted, so `deleted: false` (which the SDK adds to filtered relations) matches every label.
 */
export const LABEL_WHERE: WhereSpec<LabelFilterField> = {
  entity: 'Label',
  fields: {
    id: 'string',
    createdAt: 'datetime',
    updatedAt: 'datetime',
    agreement: 'number',
    benchmarkAgreement: 'number',
    secondsToLabel: 'number',
    secondsToReview: 'number',
    isBenchmarkReference: 'boolean',
    'createdBy.id': 'string',
    'type.id': { type: 'string', map: typeBy(labelTypeById) },
    'type.name': { type: 'string', map: typeBy(labelTypeByName) },
    'dataRow.id': 'string',
    'dataRow.globalKey': 'string',
    'dataRow.externalId': 'string',
    'dataRow.dataset.id': 'string',
  },
  constants: { deleted: (value) => value === false },
};
