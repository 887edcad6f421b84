export * from './ontology/index.ts';
export * from './annotations/index.ts';
export * from './formats/index.ts';
export * from './geometry/index.ts';
export * from './png/index.ts';
export * from './safe-keys.ts';
export * from './label-studio/index.ts';
export * from './agreement/index.ts';
