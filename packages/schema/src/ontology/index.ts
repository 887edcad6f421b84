export * from './ontology-kinds.ts';
export * from './ontology-colors.ts';
export * from './ontology-model.ts';
export * from './ontology-input.ts';
export * from './ontology-normalize.ts';
export * from './ontology-complete.ts';
export * from './ontology-index.ts';
export * from './ontology-edit.ts';
