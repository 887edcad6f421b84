import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { CREATE_ONTOLOGY, GET_ONTOLOGY } from './ontology.helpers.ts';

const STEP_VARIANTS = [
  { id: 0, name: 'Correct', actions: [] },
  { id: 1, name: 'Neutral', actions: [] },
  {
    id: 2,
    name: 'Incorrect',
    actions: ['regenerateSteps', 'generateAndRateAlternativeSteps', 'rewriteStep', 'justification'],
  },
];
const FACT_VARIANTS = [
  { id: 0, name: 'Accurate', actions: ['justification'] },
  { id: 1, name: 'Inaccurate', actions: ['justification'] },
  { id: 2, name: 'Disputed', actions: ['justification'] },
  { id: 3, name: 'Unsupported', actions: [] },
  { id: 4, name: "Can't confidently assess", actions: [] },
  { id: 5, name: 'No factual information', actions: [] },
];
/** `_BaseStepReasoningTool.asdict()` of the newer SDK (labelbox-python d4dd844): what `OntologyBuilder` sends. */
const reasoningTool = (tool: string, name: string, variants: unknown) => ({
  tool,
  name,
  required: false,
  schemaNodeId: null,
  featureSchemaId: null,
  definition: { variants, version: 1 },
  color: null,
});
/** `PromptIssueTool.asdict()` with its default checklist (`_supported_classifications`). */
const promptIssue = {
  tool: 'prompt-issue',
  name: 'prompt issue',
  required: false,
  schemaNodeId: null,
  featureSchemaId: null,
  classifications: [
    {
      type: 'checklist',
      name: 'prompt_issue',
      instructions: 'prompt_issue',
      required: false,
      options: [
        { label: 'This prompt cannot be rated', value: 'not_rateable', options: [] },
        {
          label: 'False, offensive or controversial premise',
          value: 'false_offensive_controversial',
          options: [],
        },
        { label: 'Not self-contained', value: 'not_self_contained', options: [] },
      ],
      schemaNodeId: null,
      featureSchemaId: null,
      scope: 'global',
    },
  ],
  color: null,
};

for (const dialect of dialects) {
  describe(`step reasoning, fact checking and prompt issue tools (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    const create = (normalized: unknown) =>
      sut.gql(CREATE_ONTOLOGY, {
        data: {
          name: 'chat evaluation',
          normalized: JSON.stringify(normalized),
          mediaType: 'CONVERSATIONAL',
        },
      });

    it('echoes the definitions as the SDK tests expect them (test_step_reasoning_ontology and its siblings)', async () => {
      const res = await create({
        tools: [
          reasoningTool('step-reasoning', 'step reasoning', STEP_VARIANTS),
          reasoningTool('fact-checking', 'fact checking', FACT_VARIANTS),
          promptIssue,
        ],
        classifications: [],
      });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      const id = res.body.data.upsertOntology.id;
      const read = await sut.data(GET_ONTOLOGY, { param_0: id });
      const tools = read.ontology.normalized.tools as any[];
      const byType = (t: string) => tools.find((x) => x.tool === t);
      const step = byType('step-reasoning');
      assert.deepEqual(step.definition, {
        title: 'step reasoning',
        value: 'step_reasoning',
        variants: STEP_VARIANTS,
        version: 1,
      });
      assert.match(step.schemaNodeId, /^c/);
      assert.match(step.featureSchemaId, /^c/);
      assert.deepEqual(byType('fact-checking').definition, {
        title: 'fact checking',
        value: 'fact_checking',
        variants: FACT_VARIANTS,
        version: 1,
      });
      const prompt = byType('prompt-issue');
      assert.deepEqual(prompt.definition, {
        title: 'prompt issue',
        value: 'prompt_issue',
        color: prompt.color,
      });
      assert.match(prompt.color, /^#[0-9a-f]{6}$/i);
      assert.equal(prompt.classifications.length, 1);
      assert.equal(prompt.classifications[0].options.length, 3);
      assert.match(prompt.classifications[0].featureSchemaId, /^c/);
    });

    it('fills the SDK default variants when a definition is left out', async () => {
      const { definition: _d, ...bare } = reasoningTool('fact-checking', 'facts', FACT_VARIANTS);
      const res = await create({ tools: [bare], classifications: [] });
      const tool = res.body.data.upsertOntology.normalized.tools[0];
      assert.deepEqual(tool.definition, {
        title: 'facts',
        value: 'facts',
        variants: FACT_VARIANTS,
        version: 1,
      });
    });

    it('refuses bad definitions and prompt-issue classifications, naming the field', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [
          {
            ...reasoningTool('step-reasoning', 's', STEP_VARIANTS),
            definition: { variants: STEP_VARIANTS, version: 2 },
          },
          /normalized\.tools\[0\]\.definition\.version: Invalid version/,
        ],
        [
          reasoningTool('fact-checking', 'f', [{ id: 0, name: 'Accurate', actions: ['rewriteStep'] }]),
          /normalized\.tools\[0\]\.definition\.variants\[0\]\.actions\[0\]: must be one of justification/,
        ],
        [
          reasoningTool('step-reasoning', 's', [
            { id: 1, name: 'a', actions: [] },
            { id: 1, name: 'b', actions: [] },
          ]),
          /normalized\.tools\[0\]\.definition\.variants\[1\]\.id: variant id 1 is used twice/,
        ],
        [
          {
            ...promptIssue,
            classifications: [
              ...promptIssue.classifications,
              { type: 'text', name: 'text-class', options: [] },
            ],
          },
          /normalized\.tools\[0\]\.classifications: Classifications for Prompt Issue Tool are invalid/,
        ],
      ];
      for (const [tool, message] of cases) {
        const res = await create({ tools: [tool], classifications: [] });
        assert.equal(res.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST', JSON.stringify(res.body));
        assert.match(res.body.errors![0]!.message, message);
      }
    });
  });
}
