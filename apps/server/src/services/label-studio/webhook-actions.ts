/**
 * Label Studio's webhook actions (`/api/webhooks/info/`): display name, the payload key holding the object(s), and
 * whether only organization webhooks may subscribe.
 */
export const LS_WEBHOOK_ACTIONS = {
  PROJECT_CREATED: { name: 'Project created', key: 'project', many: false, organizationOnly: true },
  PROJECT_UPDATED: { name: 'Project updated', key: 'project', many: false, organizationOnly: false },
  PROJECT_DELETED: { name: 'Project deleted', key: 'project', many: false, organizationOnly: true },
  TASKS_CREATED: { name: 'Task created', key: 'tasks', many: true, organizationOnly: false },
  TASKS_DELETED: { name: 'Task deleted', key: 'tasks', many: true, organizationOnly: false },
  ANNOTATION_CREATED: { name: 'Annotation created', key: 'annotation', many: false, organizationOnly: false },
  ANNOTATIONS_CREATED: {
    name: 'Annotations created',
    key: 'annotation',
    many: true,
    organizationOnly: false,
  },
  ANNOTATION_UPDATED: { name: 'Annotation updated', key: 'annotation', many: false, organizationOnly: false },
  ANNOTATIONS_DELETED: {
    name: 'Annotation deleted',
    key: 'annotations',
    many: true,
    organizationOnly: false,
  },
  LABEL_LINK_CREATED: { name: 'Label link created', key: 'label_link', many: true, organizationOnly: false },
  LABEL_LINK_UPDATED: { name: 'Label link updated', key: 'label_link', many: false, organizationOnly: false },
  LABEL_LINK_DELETED: { name: 'Label link deleted', key: 'label_link', many: false, organizationOnly: false },
} as const;
export type LsWebhookAction = keyof typeof LS_WEBHOOK_ACTIONS;
export const LS_ACTION_NAMES = Object.keys(LS_WEBHOOK_ACTIONS) as LsWebhookAction[];
