// Test data for the conversation editor's browser tests: a conversational ontology and row, projects made through
// the API, and a mouse gesture that selects a word.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { newId } from '../../apps/server/src/ids.ts';
import { nowIso } from '../../apps/server/src/time.ts';
import type { TestServer } from '../../apps/server/test/harness.ts';
import { insertRows } from '../../apps/server/test/label.factory.ts';
import { CONNECT_ONTOLOGY, CREATE_ONTOLOGY } from '../../apps/server/test/ontology.helpers.ts';
import { createProjectOperation, DEFAULT_QUALITY } from '../../apps/server/test/project.factory.ts';

/**
 * A conversational ontology: an entity class, a relationship class, a question answered per message (`index`
 * scope), one per row.
 */
export const ontology = {
  tools: [
    { tool: 'named-entity', name: 'Person', color: '#e11d48', classifications: [] },
    { tool: 'edge', name: 'knows', color: '#22c55e', classifications: [] },
  ],
  classifications: [
    {
      type: 'radio',
      name: 'Sentiment',
      scope: 'index',
      options: [
        { label: 'Positive', value: 'positive' },
        { label: 'Negative', value: 'negative' },
      ],
    },
    { type: 'text', name: 'Summary', scope: 'global', options: [] },
  ],
};

export const SECOND = 'General Kenobi, you are a <b>bold</b> one.';
/** Labelbox conversational JSON; the second message holds markup that must show as text. */
export const conversation = JSON.stringify({
  type: 'application/vnd.labelbox.conversational',
  version: 1,
  messages: [
    {
      messageId: 'message-0',
      timestampUsec: 1_700_000_000_000_000,
      content: 'Hello there!',
      user: { userId: 'kenobi', name: 'Obi-Wan' },
      align: 'right',
      canLabel: true,
    },
    {
      messageId: 'message-1',
      timestampUsec: 1_700_000_060_000_000,
      content: SECOND,
      user: { userId: 'grievous', name: 'Grievous' },
      align: 'left',
      canLabel: true,
    },
  ],
});

const CREATE_BATCH = `mutation($projectId: ID!, $input: CreateBatchInput!) { project(where: {id: $projectId}) { createBatchV2(input: $input) { failedDataRowIds } } }`;

/** A CONVERSATIONAL project on the ontology above with these rows in its batch. */
export async function conversationProject(
  server: TestServer,
  rowData: string[],
  normalized: object = ontology,
) {
  const o = (
    await server.data(CREATE_ONTOLOGY, {
      data: { name: `chat-${newId()}`, normalized: JSON.stringify(normalized), mediaType: 'CONVERSATIONAL' },
    })
  ).upsertOntology;
  const vars = { name: `chat-${newId()}`, allowedMediaType: 'CONVERSATIONAL', ...DEFAULT_QUALITY };
  const projectId = (await server.data(createProjectOperation(vars), vars)).createProject.id as string;
  await server.data(CONNECT_ONTOLOGY, { projectId, ontologyId: o.id });
  const rows = await addRows(server, projectId, rowData);
  return { projectId, rows };
}

/** A dataset holding these conversation rows, added to the project as one batch. */
export async function addRows(server: TestServer, projectId: string, rowData: string[]) {
  const datasetId = newId();
  const now = nowIso();
  await server.db
    .insertInto('datasets')
    .values({
      id: datasetId,
      organization_id: server.actor.organizationId,
      name: `chats ${datasetId}`,
      description: '',
      row_count: 0,
      created_by: server.actor.userId,
      created_at: now,
      updated_at: now,
      deleted: 0,
    })
    .execute();
  const rows = await insertRows(
    server.db,
    server.actor,
    datasetId,
    rowData.map((r) => ({ rowData: r, mediaType: 'CONVERSATIONAL' })),
  );
  const batch = await server.data(CREATE_BATCH, {
    projectId,
    input: { name: `chats-${newId()}`, dataRowIds: rows.map((r) => r.id), priority: 5 },
  });
  assert.deepEqual(batch.project.createBatchV2.failedDataRowIds, []);
  return rows;
}

/** Double-clicks a word inside an element, as a person selects a word with the mouse. */
export async function doubleClickWord(page: Page, within: Locator, word: string): Promise<void> {
  const at = await within.evaluate((el, w) => {
    const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent!.indexOf(w);
      if (i < 0) continue;
      const range = el.ownerDocument.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + w.length);
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    throw new Error(`${w} not found`);
  }, word);
  await page.mouse.dblclick(at.x, at.y);
}
