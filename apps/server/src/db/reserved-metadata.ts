/**
 * Labelbox's reserved metadata schemas, with the ids its SDK tests pin. The `valid` split option's id is the one
 * commonly listed; no SDK test pins it.
 */
export const RESERVED_METADATA_SCHEMAS = [
  { id: 'cko8s9r5v0001h2dk9elqdidh', parent_id: null, name: 'tag', kind: 'CustomMetadataString' },
  { id: 'cko8sbczn0002h2dkdaxb5kal', parent_id: null, name: 'split', kind: 'CustomMetadataEnum' },
  {
    id: 'cko8sbscr0003h2dk04w86hof',
    parent_id: 'cko8sbczn0002h2dkdaxb5kal',
    name: 'train',
    kind: 'CustomMetadataEnumOption',
  },
  {
    id: 'cko8sc2yr0004h2dk69aj5x63',
    parent_id: 'cko8sbczn0002h2dkdaxb5kal',
    name: 'valid',
    kind: 'CustomMetadataEnumOption',
  },
  {
    id: 'cko8scbz70005h2dkastwhgqt',
    parent_id: 'cko8sbczn0002h2dkdaxb5kal',
    name: 'test',
    kind: 'CustomMetadataEnumOption',
  },
  {
    id: 'cko8sdzv70006h2dk8jg64zvb',
    parent_id: null,
    name: 'captureDateTime',
    kind: 'CustomMetadataDateTime',
  },
] as const;
