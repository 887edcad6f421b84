export * from './xml.ts';
export * from './label-config.ts';
export * from './config-ontology.ts';
export * from './offsets.ts';
export * from './result-items.ts';
export * from './results-to-label.ts';
export * from './label-to-results.ts';
export * from './brush-rle.ts';
