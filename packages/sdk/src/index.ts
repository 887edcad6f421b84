// @labelyard/sdk: a typed client for a Labelyard server (see packages/sdk/README.md).
export { Labelyard } from './client.ts';
export { LabelyardError, type LabelyardErrorInfo } from './errors.ts';
export { retryDelay, Transport, type ClientOptions } from './transport.ts';
export type { DataRowInput, DataRowsResult, Dataset } from './datasets.ts';
export type { Batch, Ontology, Project, ProjectSummary } from './projects.ts';
export type { AnnotationImport, ImportLineStatus, ImportOptions, ImportResult } from './label-imports.ts';
export type { ExportOptions, ExportRow } from './exports.ts';
export type { Annotation, Reservation, Review } from './queue.ts';
export type { Task, WaitOptions } from './tasks.ts';
export { ndjsonLines, toNdjson } from './ndjson.ts';
export { offsetPages } from './paginate.ts';
export type { TypedDocument, ResultOf, VariablesOf } from './api/typed-document.ts';
