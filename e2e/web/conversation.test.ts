import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../apps/server/test/harness.ts';
import { importByFile } from '../../apps/server/test/label.factory.ts';
import { exportedLabel, writtenBack } from '../../apps/server/test/media.factory.ts';
import { chromiumMissing, labelerAndReviewer, launchBrowser, screenshot, signedInAs } from './browser.ts';
import {
  addRows,
  conversation,
  conversationProject,
  doubleClickWord,
  SECOND,
} from './conversation.factory.ts';

describe('conversation labeling in Chromium', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let server: TestServer;
  let labeler: { id: string; organization_id: string };
  let reviewer: { id: string; organization_id: string };
  before(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
    ({ labeler, reviewer } = await labelerAndReviewer(server));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('labels a word of the second message and answers its message classification; the label and export have them; review is read-only', async () => {
    // The admin builds the ontology (an entity class, a question per message, one per conversation) and the
    // project in the web app.
    const admin = await signedInAs(browser, server, {
      id: server.actor.userId,
      organization_id: server.actor.organizationId,
    });
    const ap = await admin.newPage();
    await ap.goto(`${server.url}/ontologies/new`);
    await ap.getByLabel('Ontology name').fill('Chat entities');
    await ap.getByLabel('Media type').selectOption('CONVERSATIONAL');
    await ap.getByRole('button', { name: 'Add tool' }).click();
    const tool = ap.getByRole('listitem', { name: 'Tool untitled' });
    await tool.getByLabel('Tool', { exact: true }).selectOption({ label: 'Entity (text span)' });
    await tool.getByRole('textbox', { name: 'Name', exact: true }).fill('Person');
    await ap.getByRole('button', { name: 'Add global classification' }).click();
    const question = ap.getByRole('listitem', { name: 'Classification untitled question (global)' });
    await question.getByLabel('Question', { exact: true }).fill('Sentiment');
    const sentimentQ = ap.getByRole('listitem', { name: 'Classification Sentiment (global)' });
    await sentimentQ.getByLabel('Answered per message').check();
    for (const label of ['Positive', 'Negative']) {
      await sentimentQ.getByRole('button', { name: 'Add option to Sentiment' }).click();
      await sentimentQ
        .getByLabel(/^Option \d+$/)
        .last()
        .fill(label);
    }
    await ap.getByRole('button', { name: 'Add global classification' }).click();
    const summaryQ = ap.getByRole('listitem', { name: 'Classification untitled question (global)' });
    await summaryQ.getByLabel('Answer type').selectOption('text');
    await summaryQ.getByLabel('Question', { exact: true }).fill('Summary');
    await screenshot(ap, '59-conversation-ontology');
    await ap.getByRole('button', { name: 'Save ontology' }).click();
    await ap.getByRole('heading', { name: 'Chat entities' }).waitFor();
    await ap.goto(`${server.url}/projects`);
    await ap.getByRole('button', { name: 'New project' }).click();
    const create = ap.getByRole('dialog', { name: 'New project' });
    await create.getByLabel('Name').fill('Chats');
    await create.getByLabel('Media type').selectOption('CONVERSATIONAL');
    await create.getByLabel('Ontology').selectOption({ label: 'Chat entities' });
    await create.getByRole('button', { name: 'Create project' }).click();
    await ap.getByRole('heading', { name: 'Chats' }).waitFor();
    const projectId = new URL(ap.url()).pathname.split('/').pop()!;
    await admin.close();
    const stored = await server.data<{
      project: { ontology: { normalized: { classifications: Array<{ name: string; scope?: string }> } } };
    }>('query($id: ID!) { project(where: {id: $id}) { ontology { normalized } } }', { id: projectId });
    assert.deepEqual(
      stored.project.ontology.normalized.classifications.map((c) => [c.name, c.scope]),
      [
        ['Sentiment', 'index'],
        ['Summary', undefined], // no scope: once per conversation
      ],
    );
    const p = { projectId, rows: await addRows(server, projectId, [conversation]) };

    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    const errors: string[] = [];
    lp.on('pageerror', (e) => errors.push(e.message));
    await lp.goto(`${server.url}/projects/${p.projectId}`);
    await lp.getByRole('link', { name: 'Start labeling' }).click();
    const thread = lp.getByRole('log', { name: 'Conversation' });
    const second = thread.getByRole('article', { name: 'Message 2 from Grievous' });
    await second.waitFor();
    assert.equal(await thread.getByRole('article').count(), 2);
    // The markup in the message is shown as text, never parsed.
    await second.getByText('<b>bold</b>', { exact: false }).waitFor();
    assert.equal(await second.locator('b').count(), 0);

    // Select "Kenobi" with the mouse, then pick the class.
    await doubleClickWord(lp, second, 'Kenobi');
    await lp.getByRole('status').filter({ hasText: '“Kenobi” selected in message 2' }).waitFor();
    await lp
      .getByRole('navigation', { name: 'Classes' })
      .getByRole('button', { name: /Person/ })
      .click();
    const entities = lp.getByRole('list', { name: 'Person objects' });
    await entities.getByText('“Kenobi” in message 2').waitFor();
    const highlight = second.locator('.ly-ent');
    assert.equal(await highlight.innerText(), 'Kenobi');
    await lp
      .getByRole('region', { name: 'Selected entity' })
      .getByText('Person “Kenobi” in message 2')
      .waitFor();

    // Undo takes the entity away, redo brings it back.
    const tools = lp.getByRole('toolbar', { name: 'Editor tools' });
    await tools.getByRole('button', { name: 'Undo' }).click();
    await entities.waitFor({ state: 'detached' });
    await tools.getByRole('button', { name: 'Redo' }).click();
    await entities.getByText('“Kenobi” in message 2').waitFor();

    // The message's classification, then the conversation's.
    await second.getByRole('button', { name: 'Select message 2' }).click();
    const perMessage = lp.getByRole('region', { name: 'Message classifications' });
    await perMessage.getByRole('heading', { name: 'Message 2 · Grievous' }).waitFor();
    await perMessage.getByRole('radio', { name: 'Negative' }).check();
    await second.getByText('✓ 1 answer').waitFor();
    const summary = lp.getByRole('region', { name: 'Conversation classifications' }).getByRole('textbox', {
      name: 'Summary',
    });
    await summary.fill('a duel');
    await summary.blur();
    // The first message has no answer of its own.
    await thread.getByRole('button', { name: 'Select message 1' }).click();
    await perMessage.getByRole('heading', { name: 'Message 1 · Obi-Wan' }).waitFor();
    assert.equal(await perMessage.getByRole('radio', { name: 'Negative' }).isChecked(), false);
    await second.getByRole('button', { name: 'Select message 2' }).click();
    assert.equal(await perMessage.getByRole('radio', { name: 'Negative' }).isChecked(), true);

    // The cheat sheet lists the conversation keys.
    await tools.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const cheats = lp.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await cheats.getByRole('cell', { name: 'Next message' }).waitFor();
    await cheats.getByRole('cell', { name: /^Person/ }).waitFor();
    await screenshot(lp, '65-conversation-shortcuts');
    await cheats.getByRole('button', { name: 'Close' }).click();
    await lp.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor({ timeout: 10_000 });
    // The draft (entity, both answers) survives a reload.
    await lp.reload();
    await lp.getByText('Your saved draft was restored.').waitFor();
    await entities.getByText('“Kenobi” in message 2').waitFor();
    await second.getByText('✓ 1 answer').waitFor();
    assert.equal(await summary.inputValue(), 'a duel');
    await second.getByRole('button', { name: 'Select message 2' }).click();
    assert.equal(await perMessage.getByRole('radio', { name: 'Negative' }).isChecked(), true);
    await screenshot(lp, '60-conversation-label');
    await lp.getByRole('button', { name: 'Submit' }).click();
    await lp.getByText('Nothing left to label').waitFor();
    assert.deepEqual(errors, []);
    await lc.close();

    // Through the API: the entity on message-1 with inclusive offsets into that message, the message's answer.
    const lines = await writtenBack(server, p.projectId, p.rows[0]!.id);
    const entity = lines.find((l) => l.name === 'Person')!;
    const start = SECOND.indexOf('Kenobi');
    assert.deepEqual(entity.location, { start, end: start + 'Kenobi'.length - 1 });
    assert.equal(entity.messageId, 'message-1');
    const sentiment = lines.find((l) => l.name === 'Sentiment')!;
    assert.equal(sentiment.messageId, 'message-1');
    assert.equal(sentiment.answer.name, 'negative');
    const summaryLine = lines.find((l) => l.name === 'Summary')!;
    assert.equal(summaryLine.answer, 'a duel');
    assert.equal(summaryLine.messageId, undefined);
    // Export v2, as Labelbox's SDK reads it.
    const label = await exportedLabel(server, p.projectId, p.rows[0]!.id);
    const annotations = label.annotations as {
      objects: Array<Record<string, unknown>>;
      classifications: Array<Record<string, unknown>>;
    };
    assert.deepEqual(annotations.objects[0]!.conversational_location, {
      message_id: 'message-1',
      location: { start, end: start + 5 },
    });
    const exported = annotations.classifications.find((c) => c.name === 'Sentiment')!;
    assert.equal(exported.message_id, 'message-1');
    assert.equal((exported.conversational_radio_answer as { value: string }).value, 'negative');

    // The reviewer sees the label read-only.
    const rc = await signedInAs(browser, server, reviewer);
    const rp = await rc.newPage();
    await rp.goto(`${server.url}/projects/${p.projectId}/review`);
    const rthread = rp.getByRole('log', { name: 'Conversation' });
    await rthread.getByRole('article', { name: 'Message 2 from Grievous' }).waitFor();
    await rp.getByRole('list', { name: 'Person objects' }).getByText('“Kenobi” in message 2').waitFor();
    assert.equal(await rp.getByRole('navigation', { name: 'Classes' }).count(), 0, 'nothing to label with');
    const rtools = rp.getByRole('toolbar', { name: 'Editor tools' });
    assert.equal(await rtools.getByRole('button', { name: 'Undo' }).count(), 0);
    await rthread.getByRole('button', { name: 'Select message 2' }).click();
    const answer = rp.getByRole('region', { name: 'Message classifications' }).getByRole('radio', {
      name: 'Negative',
    });
    assert.equal(await answer.isChecked(), true);
    assert.equal(await answer.isDisabled(), true);
    // Selecting text in review labels nothing.
    await doubleClickWord(rp, rthread.getByRole('article', { name: 'Message 1 from Obi-Wan' }), 'Hello');
    assert.equal(await rp.getByRole('status').filter({ hasText: 'selected in message' }).count(), 0);
    // Clicking the entity selects it; there is no delete in review.
    await rthread.locator('.ly-ent').click();
    await rp.getByRole('region', { name: 'Selected entity' }).waitFor();
    assert.equal(await rp.getByRole('button', { name: 'Delete entity' }).count(), 0);
    await screenshot(rp, '61-conversation-review');
    // "Edit": the reviewer corrects the label (the entity goes) and approves with changes.
    await rp.getByRole('button', { name: 'Edit', exact: true }).click();
    await rp
      .getByRole('navigation', { name: 'Classes' })
      .getByRole('button', { name: /Person/ })
      .waitFor();
    await rthread.locator('.ly-ent').click();
    await rp.getByRole('button', { name: 'Delete entity' }).click();
    await rp.getByRole('list', { name: 'Person objects' }).waitFor({ state: 'detached' });
    await rp.getByRole('button', { name: 'Approve with changes' }).click();
    await rp.getByText('Nothing left to review').waitFor();
    await rc.close();
    const reviewed = await writtenBack(server, p.projectId, p.rows[0]!.id);
    assert.deepEqual(
      reviewed.map((l) => [l.name, l.messageId]),
      [
        ['Sentiment', 'message-1'],
        ['Summary', undefined],
      ],
    );
  });

  it('opens pre-labels on their messages and says what is wrong with a malformed conversation', async () => {
    const good = await conversationProject(server, [conversation]);
    const start = SECOND.indexOf('bold');
    const mal = [
      {
        uuid: 'pre-entity',
        dataRow: { id: good.rows[0]!.id },
        name: 'Person',
        location: { start, end: start + 3 },
        messageId: 'message-1',
      },
      {
        uuid: 'pre-tone',
        dataRow: { id: good.rows[0]!.id },
        name: 'Sentiment',
        answer: { name: 'positive' },
        messageId: 'message-0',
      },
    ];
    assert.equal((await importByFile(server, 'MAL', good.projectId, 'pre', mal)).import.state, 'FINISHED');
    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    await lp.goto(`${server.url}/projects/${good.projectId}/label`);
    await lp.getByText('Pre-labels loaded: edit them, then submit.').waitFor();
    const thread = lp.getByRole('log', { name: 'Conversation' });
    await lp.getByRole('list', { name: 'Person objects' }).getByText('“bold” in message 2').waitFor();
    assert.equal(await thread.locator('.ly-ent').innerText(), 'bold');
    await thread.getByRole('article', { name: 'Message 1 from Obi-Wan' }).getByText('✓ 1 answer').waitFor();
    // Keyboard: Alt + ↓ walks the messages; the answer of message 1 shows.
    await thread.focus();
    await lp.keyboard.press('Alt+ArrowDown');
    const perMessage = lp.getByRole('region', { name: 'Message classifications' });
    await perMessage.getByRole('heading', { name: 'Message 1 · Obi-Wan' }).waitFor();
    assert.equal(await perMessage.getByRole('radio', { name: 'Positive' }).isChecked(), true);
    // Delete the pre-labelled entity with the keyboard after selecting it.
    await thread.locator('.ly-ent').click();
    await lp.keyboard.press('Delete');
    await lp.getByRole('list', { name: 'Person objects' }).waitFor({ state: 'detached' });
    // Select a word, then press the class's number: labelled without touching the mouse again.
    await doubleClickWord(lp, thread.getByRole('article', { name: 'Message 1 from Obi-Wan' }), 'Hello');
    await lp.getByRole('status').filter({ hasText: '“Hello” selected in message 1' }).waitFor();
    await lp.keyboard.press('1');
    await lp.getByRole('list', { name: 'Person objects' }).getByText('“Hello” in message 1').waitFor();
    // A second entity, then a relationship from it to the first: pick "knows", click the first entity.
    await doubleClickWord(lp, thread.getByRole('article', { name: 'Message 2 from Grievous' }), 'Kenobi');
    await lp.keyboard.press('1');
    await lp.getByRole('list', { name: 'Person objects' }).getByText('“Kenobi” in message 2').waitFor();
    await lp.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /knows/ }).click();
    await thread.locator('.ly-ent', { hasText: 'Hello' }).click();
    await lp
      .getByRole('list', { name: 'Relationships list' })
      .getByText('knows: Person “Kenobi” in message 2 → Person “Hello” in message 1')
      .waitFor();
    await screenshot(lp, '62-conversation-pre-labels');
    await lp.getByRole('button', { name: 'Submit' }).click();
    await lp.getByText('Nothing left to label').waitFor();
    await lc.close();
    const lines = await writtenBack(server, good.projectId, good.rows[0]!.id);
    const texts: Record<string, string> = { 'message-0': 'Hello there!', 'message-1': SECOND };
    const wordOf = (l: Record<string, any>) =>
      texts[l.messageId as string]!.slice(l.location.start, l.location.end + 1);
    const uuidOf = (word: string) =>
      lines.find((l) => l.name === 'Person' && wordOf(l) === word)!.uuid as string;
    const link = lines.find((l) => l.name === 'knows')!;
    assert.deepEqual(link.relationship, {
      source: uuidOf('Kenobi'),
      target: uuidOf('Hello'),
      type: 'unidirectional',
    });

    const bad = await conversationProject(server, [
      JSON.stringify({ messages: [{ messageId: 'm0', content: 'hi' }, { content: 'no id' }] }),
    ]);
    const bc = await signedInAs(browser, server, labeler);
    const bp = await bc.newPage();
    await bp.goto(`${server.url}/projects/${bad.projectId}/label`);
    await bp
      .getByText(
        "This row's conversation is malformed: messages[1].messageId: must be a non-empty string (got undefined)",
      )
      .waitFor();
    await screenshot(bp, '63-conversation-malformed');
    await bc.close();
  });
  it('evaluates model replies: the best reply and a ranking, saved as Labelbox message evaluations', async () => {
    const chat = JSON.stringify({
      type: 'application/vnd.labelbox.conversational.model-chat-evaluation',
      version: 2,
      actors: {
        h: { role: 'human', metadata: { humanInfo: { name: 'Ann' } } },
        a: { role: 'model', metadata: { modelConfigName: 'Model A' } },
        b: { role: 'model', metadata: { modelConfigName: 'Model B' } },
      },
      messages: {
        q: {
          actorId: 'h',
          content: [{ type: 'text', content: 'What is 2 + 2?' }],
          childMessageIds: ['ra', 'rb'],
        },
        ra: { actorId: 'a', content: [{ type: 'text', content: 'It is 5.' }] },
        rb: { actorId: 'b', content: [{ type: 'text', content: 'It is 4.' }] },
      },
      rootMessageIds: ['q'],
    });
    const p = await conversationProject(server, [chat], {
      tools: [
        { tool: 'message-single-selection', name: 'Best reply', classifications: [] },
        { tool: 'message-ranking', name: 'Ranking', classifications: [] },
      ],
      classifications: [],
    });
    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    await lp.goto(`${server.url}/projects/${p.projectId}/label`);
    const evaluation = lp.getByRole('region', { name: 'Evaluate the replies to message 1' });
    await evaluation.getByRole('radio', { name: 'Model B (message 3)' }).check();
    const ranking = evaluation.getByRole('list', { name: 'Ranking order' });
    await evaluation.getByRole('button', { name: 'Move Model B (message 3) up' }).click();
    await ranking.getByRole('listitem').first().getByText('Model B (message 3)').waitFor();
    await lp.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor({ timeout: 10_000 });
    await screenshot(lp, '64-conversation-evaluation');
    await lp.getByRole('button', { name: 'Submit' }).click();
    await lp.getByText('Nothing left to label').waitFor();
    await lc.close();
    const lines = await writtenBack(server, p.projectId, p.rows[0]!.id);
    assert.deepEqual(lines.find((l) => l.name === 'Best reply')!.messageEvaluationTask, {
      format: 'message-single-selection',
      data: { parentMessageId: 'q', messageId: 'rb', modelConfigName: 'Model B' },
    });
    assert.deepEqual(lines.find((l) => l.name === 'Ranking')!.messageEvaluationTask, {
      format: 'message-ranking',
      data: {
        parentMessageId: 'q',
        rankedMessages: [
          { messageId: 'rb', modelConfigName: 'Model B', order: 1 },
          { messageId: 'ra', modelConfigName: 'Model A', order: 2 },
        ],
      },
    });
  });
});
