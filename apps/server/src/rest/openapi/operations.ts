/** One REST operation as documented in api/openapi.json; the coverage test checks the table against the routes. */
export type RestOperation = {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify spelling (`:id`); rendered as `{id}`. */
  readonly path: string;
  readonly tag: 'Label Studio' | 'Labelbox REST' | 'Exports';
  readonly summary: string;
  readonly query?: readonly string[];
  /** Has a JSON request body. */
  readonly body?: boolean;
  /** Needs no credentials. */
  readonly public?: boolean;
  /** Success status when not 200. */
  readonly status?: 201 | 204;
};

const LS = 'Label Studio' as const;
const LB = 'Labelbox REST' as const;
const op = (
  method: RestOperation['method'],
  path: string,
  summary: string,
  extra: Partial<RestOperation> = {},
): RestOperation => ({
  method,
  path,
  tag: path.startsWith('/api/v1/projects/:id/exports') ? 'Exports' : path.startsWith('/api/v1') ? LB : LS,
  summary,
  ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { body: true } : {}),
  ...extra,
});
const PAGE = ['page', 'page_size'];
const PROJECT_LIST = ['ids', 'title', 'search', 'ordering', 'include', 'filter'];

/**
 * The REST faces: Label Studio's `/api/...` (docs/label-studio.md; each path also answers with a trailing slash)
 * and Labelbox's `/api/v1/...` (ontology upkeep and standard-format exports).
 */
export const REST_OPERATIONS: readonly RestOperation[] = [
  op('GET', '/api/version', 'Server version (Label Studio Community shape)', { public: true }),
  op('GET', '/api/current-user', 'The caller'),
  op('PATCH', '/api/current-user', 'Rename the caller (first_name, last_name)'),
  op('PUT', '/api/current-user', 'Rename the caller (first_name, last_name)'),
  op('GET', '/api/current-user/whoami', 'The caller'),
  op('GET', '/api/current-user/token', 'A legacy token (an API key) for the caller'),
  op('POST', '/api/current-user/reset-token', 'A new legacy token; the one used is revoked', { body: false }),
  op('GET', '/api/jwt/settings', "The organization's token settings"),
  op('POST', '/api/jwt/settings', "Change the organization's token settings (admins)"),
  op('GET', '/api/token', "The caller's personal access tokens (signatures stripped)"),
  op('POST', '/api/token', 'A new personal access token (a refresh JWT), shown once', {
    body: false,
    status: 201,
  }),
  op('POST', '/api/token/refresh', 'Trade a personal access token for a short access token', {
    public: true,
  }),
  op('POST', '/api/token/rotate', 'A new personal access token; the old one is blacklisted', {
    public: true,
  }),
  op('POST', '/api/token/blacklist', 'Blacklist one of the caller’s tokens', { status: 204 }),
  op('GET', '/api/users', 'Members of the organization', { query: PAGE }),
  op('GET', '/api/users/:id', 'One member'),
  op('PATCH', '/api/users/:id', 'Rename a member (first_name, last_name)'),
  op('PUT', '/api/users/:id', 'Rename a member (first_name, last_name)'),
  op('DELETE', '/api/users/:id', 'Remove a member', { status: 204 }),
  op('GET', '/api/projects', 'Projects', { query: [...PAGE, ...PROJECT_LIST] }),
  op('GET', '/api/projects/counts', "Projects' ids and counts", { query: [...PAGE, ...PROJECT_LIST] }),
  op('POST', '/api/projects', 'Create a project (label_config becomes its ontology)', { status: 201 }),
  op('POST', '/api/projects/validate', 'Check a label_config'),
  op('GET', '/api/projects/:id', 'One project'),
  op('PATCH', '/api/projects/:id', 'Update a project'),
  op('PUT', '/api/projects/:id', 'Update a project'),
  op('DELETE', '/api/projects/:id', 'Delete a project', { status: 204 }),
  op('POST', '/api/projects/:id/validate', "Check a label_config against the project's labels"),
  op('GET', '/api/projects/:id/model-versions', 'Predictions per model version'),
  op('POST', '/api/projects/:id/import', 'Import tasks (JSON array, streamed, idempotent)', {
    query: ['return_task_ids', 'preannotated_from_fields', 'commit_to_project'],
    status: 201,
  }),
  op('POST', '/api/projects/:id/import/predictions', 'Import predictions', { status: 201 }),
  op('POST', '/api/projects/:id/reimport', 'Make the tasks of uploaded files (replacing those they made)', {
    status: 201,
  }),
  op('GET', '/api/projects/:id/file-uploads', "The caller's uploaded files", { query: ['ids', 'all'] }),
  op('DELETE', '/api/projects/:id/file-uploads', 'Delete uploaded files (file_upload_ids, or all)'),
  op('GET', '/api/import/file-upload/:id', 'One uploaded file'),
  op('PATCH', '/api/import/file-upload/:id', "Replace an uploaded file's content (multipart)"),
  op('DELETE', '/api/import/file-upload/:id', 'Delete an uploaded file', { status: 204 }),
  op('GET', '/api/projects/:id/tasks', "The project's tasks", { query: [...PAGE, 'fields'] }),
  op('POST', '/api/projects/:id/tasks/bulk', 'Create tasks in bulk', {
    query: ['return_task_ids', 'preannotated_from_fields'],
    status: 201,
  }),
  op('DELETE', '/api/projects/:id/tasks', "Delete the project's tasks", { status: 204 }),
  op('GET', '/api/projects/:id/export', 'Export (streamed) in a format', {
    query: ['exportType', 'export_type', 'download_all_tasks', 'ids'],
  }),
  op('GET', '/api/projects/:id/export/formats', 'Export formats and whether each is available'),
  op('GET', '/api/projects/:id/exports', 'Export snapshots'),
  op('POST', '/api/projects/:id/exports', 'Create an export snapshot (a job)', { status: 201 }),
  op('GET', '/api/projects/:id/exports/:pk', 'One export snapshot'),
  op('DELETE', '/api/projects/:id/exports/:pk', 'Delete an export snapshot', { status: 204 }),
  op('POST', '/api/projects/:id/exports/:pk/convert', 'Convert a snapshot to another format'),
  op('GET', '/api/projects/:id/exports/:pk/download', 'Download a snapshot (waits for its job)', {
    query: ['exportType'],
  }),
  op('GET', '/api/tasks', 'Tasks, filtered and ordered by a Data Manager query or view', {
    query: [
      'project',
      ...PAGE,
      'fields',
      'query',
      'view',
      'selectedItems',
      'only_annotated',
      'include',
      'resolve_uri',
    ],
  }),
  op('POST', '/api/tasks', 'Create a task', { status: 201 }),
  op('GET', '/api/tasks/:id', 'One task'),
  op('PATCH', '/api/tasks/:id', 'Update a task'),
  op('PUT', '/api/tasks/:id', 'Update a task'),
  op('DELETE', '/api/tasks/:id', 'Delete a task', { status: 204 }),
  op('GET', '/api/tasks/:id/annotations', "The task's annotations"),
  op('POST', '/api/tasks/:id/annotations', 'Annotate a task (checked against the ontology)', { status: 201 }),
  op('POST', '/api/annotations/bulk', 'The same annotation on many tasks', { status: 201 }),
  op('POST', '/api/annotations/bulk-delete', "Delete up to 100 of a project's annotations"),
  op('GET', '/api/annotations/:id', 'One annotation'),
  op('PATCH', '/api/annotations/:id', 'Update an annotation'),
  op('PUT', '/api/annotations/:id', 'Update an annotation'),
  op('DELETE', '/api/annotations/:id', 'Delete an annotation', { status: 204 }),
  op('GET', '/api/dm/actions', 'Data Manager actions served', { query: ['project'] }),
  op('POST', '/api/dm/actions', 'Run a Data Manager action over selectedItems, filters or a view', {
    query: ['id', 'project', 'view'],
  }),
  op('GET', '/api/dm/views', 'Data Manager views', { query: ['project'] }),
  op('POST', '/api/dm/views', 'Save a Data Manager view (filters, ordering)', { status: 201 }),
  op('DELETE', '/api/dm/views/reset', "Delete a project's views", { query: ['project'], status: 204 }),
  op('POST', '/api/dm/views/order', "Order a project's views"),
  op('GET', '/api/dm/views/:id', 'One view'),
  op('PATCH', '/api/dm/views/:id', "Replace a view's data"),
  op('PUT', '/api/dm/views/:id', "Replace a view's data"),
  op('DELETE', '/api/dm/views/:id', 'Delete a view', { status: 204 }),
  op('GET', '/api/predictions', 'Predictions', { query: ['task', 'project'] }),
  op('POST', '/api/predictions', 'Create a prediction', { status: 201 }),
  op('GET', '/api/predictions/:id', 'One prediction'),
  op('PATCH', '/api/predictions/:id', 'Update a prediction'),
  op('PUT', '/api/predictions/:id', 'Update a prediction'),
  op('DELETE', '/api/predictions/:id', 'Delete a prediction', { status: 204 }),
  op('GET', '/api/webhooks', 'Webhooks', { query: ['project'] }),
  op('POST', '/api/webhooks', 'Create a webhook', { status: 201 }),
  op('GET', '/api/webhooks/info', 'Webhook actions and their descriptions'),
  op('GET', '/api/webhooks/:id', 'One webhook'),
  op('PATCH', '/api/webhooks/:id', 'Update a webhook'),
  op('PUT', '/api/webhooks/:id', 'Update a webhook'),
  op('DELETE', '/api/webhooks/:id', 'Delete a webhook', { status: 204 }),
  op('GET', '/api/storages', "A project's import storages, every type", { query: ['project'] }),
  op('GET', '/api/storages/types', 'Import storage types served'),
  op('GET', '/api/storages/export/types', 'Export storage types served (none)'),
  op('GET', '/api/storages/s3', "A project's S3 import storages", { query: ['project'] }),
  op('POST', '/api/storages/s3', 'Connect an S3 bucket (checked by listing it)', { status: 201 }),
  op(
    'POST',
    '/api/storages/s3/validate',
    'Check that an S3 storage (new, or `id` merged with the body) can list its bucket',
  ),
  op('GET', '/api/storages/s3/:id', 'One S3 import storage'),
  op('PATCH', '/api/storages/s3/:id', 'Update an S3 import storage'),
  op('PUT', '/api/storages/s3/:id', 'Update an S3 import storage'),
  op('DELETE', '/api/storages/s3/:id', 'Disconnect an S3 import storage (its tasks stay)', { status: 204 }),
  op('POST', '/api/storages/s3/:id/sync', 'Queue a sync: new objects become tasks', { body: false }),
  op('GET', '/api/v1/ontologies/unused', 'Ontologies no project uses'),
  op('GET', '/api/v1/ontologies/:id', 'One ontology'),
  op('DELETE', '/api/v1/ontologies/:id', 'Delete an unused ontology'),
  op(
    'POST',
    '/api/v1/ontologies/:ontologyId/feature-schemas/:featureSchemaId',
    'Add a feature to an ontology',
  ),
  op(
    'DELETE',
    '/api/v1/ontologies/:ontologyId/feature-schemas/:featureSchemaId',
    'Archive or remove a feature',
  ),
  op(
    'PATCH',
    '/api/v1/ontologies/:ontologyId/feature-schemas/:featureSchemaId/unarchive',
    'Unarchive a feature',
    { body: false },
  ),
  op('GET', '/api/v1/feature-schemas/unused', 'Feature schemas no ontology uses'),
  op('PUT', '/api/v1/feature-schemas/:id', 'Update a feature schema'),
  op('DELETE', '/api/v1/feature-schemas/:id', 'Delete an unused feature schema'),
  op('PATCH', '/api/v1/feature-schemas/:id/definition', "Update a feature schema's definition"),
  op('GET', '/api/v1/projects/:id/exports/:format', 'Stream a standard-format export', {}),
];
