import type { Kysely } from 'kysely';

/**
 * The labeling workflow (docs/queue.md): each project row's workflow state lives on its `project_data_rows` row, so
 * every way a row enters a project (batches, async batches, the Label Studio face) puts it in TO_LABEL and every way
 * it leaves removes its state with it. Reservations, drafts, reviews, skips and history are their own tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('project_data_rows')
    /** TO_LABEL | IN_REVIEW | IN_REWORK | DONE */
    .addColumn('workflow_status', 'text', (c) => c.notNull().defaultTo('TO_LABEL'))
    .execute();
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema
    .alterTable('project_data_rows')
    /** Labels the row needs before it leaves TO_LABEL (consensus asks for more than one). */
    .addColumn('labels_needed', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('project_data_rows')
    /** The label under review or in rework. */
    .addColumn('workflow_label_id', 'text')
    .execute();
  await db.schema
    .alterTable('project_data_rows')
    /** The author of that label: rework goes back to them, review never does. */
    .addColumn('workflow_user_id', 'text')
    .execute();
  await db.schema
    .alterTable('project_data_rows')
    .addColumn('skip_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('project_data_rows').addColumn('workflow_updated_at', 'text').execute();
  // The queue's scan: rows of one project in one state, in priority order.
  await db.schema
    .createIndex('project_data_rows_queue_idx')
    .on('project_data_rows')
    .columns(['project_id', 'workflow_status', 'priority', 'created_at', 'data_row_id'])
    .execute();

  await db.schema
    .alterTable('projects')
    /** 1: a submitted label goes to review; 0: straight to DONE. */
    .addColumn('review_step', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('task_queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    /** INITIAL_LABELING_QUEUE | MANUAL_REVIEW_QUEUE | MANUAL_REWORK_QUEUE */
    .addColumn('queue_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('task_queues_project_type_idx')
    .on('task_queues')
    .columns(['project_id', 'queue_type'])
    .unique()
    .execute();

  await db.schema
    .createTable('queue_reservations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** LabelingQueue | ReviewQueue */
    .addColumn('queue_type', 'text', (c) => c.notNull())
    /** The row's workflow status when reserved: an action checks the row is still there. */
    .addColumn('row_status', 'text', (c) => c.notNull())
    /** The label under review or in rework (null for a fresh row). */
    .addColumn('label_id', 'text')
    /** ACTIVE (until expires_at) | RELEASED | SKIPPED | SUBMITTED | REVIEWED */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    /** The label (SUBMITTED) or review (REVIEWED) the reservation ended with: a retry returns it. */
    .addColumn('result_id', 'text')
    .execute();
  // "What does this user hold?" and "who holds this row?"
  await db.schema
    .createIndex('queue_reservations_user_idx')
    .on('queue_reservations')
    .columns(['project_id', 'user_id', 'queue_type', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('queue_reservations_row_idx')
    .on('queue_reservations')
    .columns(['project_id', 'data_row_id', 'status', 'expires_at'])
    .execute();

  await db.schema
    .createTable('queue_skips')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_skips_pk', ['project_id', 'data_row_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('label_drafts')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    /** JSON array of annotations shaped like NDJSON import lines, as the editor sent them. */
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('label_drafts_pk', ['project_id', 'data_row_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addColumn('data_row_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    /** APPROVE | REJECT */
    .addColumn('verdict', 'text', (c) => c.notNull())
    /** Labelbox's Review.score: 1 approve, -1 reject (0 neutral for SDK-created reviews). */
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('seconds_to_review', 'real')
    /** The queue reservation it came from (null for label.create_review): retries find it. */
    .addColumn('reservation_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_label_idx').on('reviews').columns(['label_id', 'id']).execute();
  await db.schema.createIndex('reviews_project_idx').on('reviews').columns(['project_id', 'id']).execute();

  await db.schema
    .createTable('workflow_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    /** SUBMITTED | REWORKED | SKIPPED | APPROVED | REJECTED | MOVED */
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('label_id', 'text')
    .addColumn('review_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('workflow_history_row_idx')
    .on('workflow_history')
    .columns(['project_id', 'data_row_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'workflow_history',
    'reviews',
    'label_drafts',
    'queue_skips',
    'queue_reservations',
    'task_queues',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('project_data_rows_queue_idx').execute();
  for (const column of [
    'workflow_status',
    'labels_needed',
    'workflow_label_id',
    'workflow_user_id',
    'skip_count',
    'workflow_updated_at',
  ])
    await db.schema.alterTable('project_data_rows').dropColumn(column).execute();
  await db.schema.alterTable('projects').dropColumn('review_step').execute();
}
