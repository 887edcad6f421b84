export * from './xml.ts';
export * from './label-config.ts';
export * from './config-ontology.ts';
export * from './offsets.ts';
export * from './results.ts';
export * from './brush-rle.ts';
