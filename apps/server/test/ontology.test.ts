import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import {
  builderOntology,
  CONNECT_ONTOLOGY,
  CREATE_FEATURE_SCHEMA,
  CREATE_ONTOLOGY,
  CREATE_PROJECT,
  DELETE_PROJECT,
  everyNode,
  GET_FEATURE_SCHEMA,
  GET_FEATURE_SCHEMAS,
  GET_ONTOLOGIES,
  GET_ONTOLOGY,
  GET_PROJECT_ONTOLOGY,
  projectVariables,
} from './ontology.helpers.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

for (const dialect of dialects) {
  describe(`ontologies over GraphQL (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    const createOntology = async (name: string, normalized: unknown, key?: string) =>
      (
        await sut.data(
          CREATE_ONTOLOGY,
          { data: { name, normalized: JSON.stringify(normalized), mediaType: 'IMAGE' } },
          { key },
        )
      ).upsertOntology;
    const createFeatureSchema = async (normalized: Record<string, unknown>) =>
      (await sut.data(CREATE_FEATURE_SCHEMA, { data: { normalized: JSON.stringify(normalized) } }))
        .upsertRootSchemaNode;
    const countFeatureSchemas = async () =>
      (
        await sut.data(GET_FEATURE_SCHEMAS, {
          search: null,
          filter: { status: 'ALL' },
          from: null,
          first: 100,
        })
      ).rootSchemaNodes.nodes.length;

    it('echoes classifications as given: no scope is added where the input had none', async () => {
      // OntologyBuilder(classifications=[PromptResponseClassification(PROMPT, "prompt text", character_min=1)]).asdict()
      const prompt = {
        type: 'prompt',
        instructions: 'prompt text',
        name: 'prompt text',
        required: true,
        options: [],
        schemaNodeId: null,
        featureSchemaId: null,
        minCharacters: 1,
      };
      const scoped = { ...builderOntology().classifications[0]!, name: 'scoped', instructions: 'scoped' };
      const created = await createOntology('no scopes', { tools: [], classifications: [prompt, scoped] });
      const [echoed, kept] = created.normalized.classifications;
      assert.equal('scope' in echoed, false, JSON.stringify(echoed));
      assert.equal(echoed.type, 'prompt');
      assert.equal(echoed.minCharacters, 1);
      assert.equal(kept.scope, 'global', 'a scope that was given stays');
      const fetched = (await sut.data(GET_ONTOLOGY, { param_0: created.id })).ontology;
      assert.equal('scope' in fetched.normalized.classifications[0], false);
    });

    it('creates an ontology from the SDK payload and fills every node', async () => {
      const created = await createOntology('Integration Test Ontology', builderOntology());
      assert.equal(created.name, 'Integration Test Ontology');
      assert.equal(created.objectSchemaCount, 2);
      assert.equal(created.classificationSchemaCount, 1);
      assert.match(created.createdAt, ISO);
      assert.match(created.updatedAt, ISO);
      assert.equal(typeof created.normalized, 'object', 'normalized comes back as a JSON object');
      const nodes = everyNode(created.normalized);
      assert.equal(nodes.length, 8);
      for (const node of nodes) {
        assert.equal(node.schemaNodeId.length, 25);
        assert.equal(node.featureSchemaId.length, 25);
      }
      const [box1, box2] = created.normalized.tools;
      assert.equal(box1.color, '#ff0000');
      assert.match(box2.color, /^#[0-9a-f]{6}$/, 'a null color is assigned');
      assert.equal(box2.classifications[0].instructions, 'occluded');
      const rootClass = created.normalized.classifications[0];
      assert.deepEqual(
        rootClass.options.map((o: any) => [o.label, o.value]),
        [
          ['Option 1', '1'],
          ['Option 2', '2'],
        ],
      );
      assert.equal(rootClass.scope, 'global');

      const fetched = (await sut.data(GET_ONTOLOGY, { param_0: created.id })).ontology;
      assert.deepEqual(fetched, created, 'get_ontology returns what create_ontology returned');
    });

    it('creates, reads and searches root feature schemas as the SDK does', async () => {
      // create_feature_schema strips falsy keys: no classifications, no required, no ids.
      const created = await createFeatureSchema({
        tool: 'polygon',
        name: 'Test-Root-Schema-Cat',
        color: 'black',
      });
      assert.equal(created.name, 'Test-Root-Schema-Cat');
      assert.equal(created.normalized.featureSchemaId.length, 25);
      assert.deepEqual(created.normalized.classifications, []);
      assert.equal(created.normalized.color, 'black');
      const fetched = (
        await sut.data(GET_FEATURE_SCHEMA, {
          rootSchemaNodeWhere: { featureSchemaId: created.normalized.featureSchemaId },
        })
      ).rootSchemaNode;
      assert.deepEqual(fetched, created);
      const found = (
        await sut.data(GET_FEATURE_SCHEMAS, {
          search: 'root-schema-CAT',
          filter: { status: 'ALL' },
          from: null,
          first: 100,
        })
      ).rootSchemaNodes;
      assert.deepEqual(
        found.nodes.map((n: any) => n.name),
        ['Test-Root-Schema-Cat'],
      );
      assert.equal(found.nextCursor, null);
      // The SDK sends featureSchemaId to update; a pattern character in a search is literal.
      const updated = await createFeatureSchema({
        ...created.normalized,
        name: 'Test-Root-Schema-Cat renamed',
      });
      assert.equal(updated.normalized.featureSchemaId, created.normalized.featureSchemaId);
      assert.equal(updated.name, 'Test-Root-Schema-Cat renamed');
      const none = await sut.data(GET_FEATURE_SCHEMAS, {
        search: '%_',
        filter: { status: 'ALL' },
        from: null,
        first: 100,
      });
      assert.deepEqual(none.rootSchemaNodes.nodes, []);
    });

    it('pages feature schemas and ontologies with a cursor that ends in null', async () => {
      for (const name of ['page-a', 'page-b', 'page-c']) {
        await createFeatureSchema({ type: 'text', name });
        await createOntology(`paged ${name}`, { tools: [], classifications: [] });
      }
      const names: string[] = [];
      let from: string | null = null;
      let pages = 0;
      do {
        const page: any = (
          await sut.data(GET_FEATURE_SCHEMAS, { search: 'page-', filter: { status: 'ALL' }, from, first: 2 })
        ).rootSchemaNodes;
        names.push(...page.nodes.map((n: any) => n.name));
        from = page.nextCursor;
        pages++;
      } while (from && pages < 5);
      assert.deepEqual(names, ['page-a', 'page-b', 'page-c']);
      assert.equal(pages, 2);
      const first = (
        await sut.data(GET_ONTOLOGIES, { search: 'PAGED', filter: { status: 'ALL' }, from: null, first: 2 })
      ).ontologies;
      assert.equal(first.nodes.length, 2);
      const second = (
        await sut.data(GET_ONTOLOGIES, {
          search: 'PAGED',
          filter: { status: 'ALL' },
          from: first.nextCursor,
          first: 2,
        })
      ).ontologies;
      assert.deepEqual(
        second.nodes.map((n: any) => n.name),
        ['paged page-c'],
      );
      assert.equal(second.nextCursor, null);
    });

    it('creates an ontology from feature schemas, reusing them unchanged', async () => {
      const tool = await createFeatureSchema({
        tool: 'polygon',
        name: 'reused-tool',
        color: 'black',
        classifications: [],
      });
      const question = await createFeatureSchema({
        type: 'radio',
        name: 'reused-q',
        options: [{ value: 'a' }],
      });
      const before = await countFeatureSchemas();
      // create_ontology_from_feature_schemas: rootSchemaNode per id, then upsertOntology with the collected nodes.
      const nodes = [];
      for (const id of [tool.normalized.featureSchemaId, question.normalized.featureSchemaId]) {
        nodes.push(
          (await sut.data(GET_FEATURE_SCHEMA, { rootSchemaNodeWhere: { featureSchemaId: id } }))
            .rootSchemaNode.normalized,
        );
      }
      const ontology = await createOntology('from feature schemas', {
        tools: [nodes[0]],
        classifications: [nodes[1]],
      });
      assert.deepEqual(ontology.normalized.tools[0], tool.normalized);
      assert.deepEqual(ontology.normalized.classifications[0], question.normalized);
      assert.equal(await countFeatureSchemas(), before, 'no feature schema was created');
    });

    it('updates a reused feature schema when the ontology JSON changes it, keeping its ids', async () => {
      const tool = await createFeatureSchema({
        tool: 'line',
        name: 'lane',
        classifications: [{ type: 'text', name: 'note' }],
      });
      const edited = {
        ...tool.normalized,
        name: 'lane marking',
        classifications: [{ type: 'text', name: 'note', required: true }],
      };
      const ontology = await createOntology('edited reuse', { tools: [edited], classifications: [] });
      const node = ontology.normalized.tools[0];
      assert.equal(node.featureSchemaId, tool.normalized.featureSchemaId);
      assert.equal(
        node.classifications[0].featureSchemaId,
        tool.normalized.classifications[0].featureSchemaId,
      );
      const fetched = (
        await sut.data(GET_FEATURE_SCHEMA, {
          rootSchemaNodeWhere: { featureSchemaId: tool.normalized.featureSchemaId },
        })
      ).rootSchemaNode;
      assert.equal(fetched.name, 'lane marking');
      assert.equal(fetched.normalized.classifications[0].required, true);
    });

    it('refuses invalid normalized JSON naming the path, without writing anything', async () => {
      const before = await countFeatureSchemas();
      const cases: Array<[unknown, RegExp]> = [
        [
          {
            tools: [
              { tool: 'rectangle', name: 'ok' },
              { tool: 'circle', name: 'x' },
            ],
            classifications: [],
          },
          /normalized\.tools\[1\]\.tool: "circle" is not one of/,
        ],
        [{ tools: [{ tool: 'point' }], classifications: [] }, /normalized\.tools\[0\]\.name: is required/],
        [
          {
            tools: [
              { tool: 'point', name: 'a' },
              { tool: 'line', name: 'a' },
            ],
            classifications: [],
          },
          /normalized\.tools\[1\]\.name: duplicate tool name "a"/,
        ],
        [
          { tools: [{ tool: 'point', name: 'a', color: 'not-a-color' }], classifications: [] },
          /normalized\.tools\[0\]\.color/,
        ],
        [
          { tools: [], classifications: [{ type: 'radio', name: 'q', options: [] }] },
          /normalized\.classifications\[0\]\.options/,
        ],
      ];
      for (const [normalized, message] of cases) {
        const res = await sut.gql(CREATE_ONTOLOGY, {
          data: { name: 'bad', normalized: JSON.stringify(normalized), mediaType: null },
        });
        assert.equal(res.status, 200);
        assert.equal(res.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST', JSON.stringify(res.body));
        assert.match(res.body.errors![0]!.message, message);
      }
      const notJson = await sut.gql(CREATE_ONTOLOGY, {
        data: { name: 'bad', normalized: '{"tools": [', mediaType: null },
      });
      assert.match(notJson.body.errors![0]!.message, /Invalid normalized: is not valid JSON/);
      const badFeature = await sut.gql(CREATE_FEATURE_SCHEMA, {
        data: { normalized: JSON.stringify({ name: 'neither' }) },
      });
      assert.equal(badFeature.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      // A tool id reused as a classification fails after validation, inside the transaction: nothing is kept.
      const tool = await createFeatureSchema({ tool: 'point', name: 'kind-check' });
      const mixed = await sut.gql(CREATE_ONTOLOGY, {
        data: {
          name: 'mixed',
          normalized: JSON.stringify({
            tools: [{ tool: 'point', name: 'fresh' }],
            classifications: [{ type: 'text', name: 't', featureSchemaId: tool.normalized.featureSchemaId }],
          }),
          mediaType: null,
        },
      });
      assert.match(
        mixed.body.errors![0]!.message,
        /normalized\.classifications\[0\]\.type: feature schema \w+ is a tool, not a classification/,
      );
      assert.equal(await countFeatureSchemas(), before + 1, 'only the kind-check tool exists');
    });

    it('keeps organizations apart', async () => {
      const mine = await createOntology('private ontology', builderOntology());
      const other = await createActor(sut.ctx, `other-${dialect}@example.com`, `other-org-${dialect}`);
      const res = await sut.gql(GET_ONTOLOGY, { param_0: mine.id }, { key: other.key });
      assert.equal(res.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const fsId = mine.normalized.tools[0].featureSchemaId;
      const theirs = await createOntology(
        'stolen ids',
        { tools: [mine.normalized.tools[0]], classifications: [] },
        other.key,
      );
      assert.notEqual(theirs.normalized.tools[0].featureSchemaId, fsId, 'another organization gets new ids');
      const search = await sut.data(
        GET_ONTOLOGIES,
        { search: 'private', filter: { status: 'ALL' }, from: null, first: 100 },
        { key: other.key },
      );
      assert.deepEqual(search.ontologies.nodes, []);
      const node = await sut.gql(
        GET_FEATURE_SCHEMA,
        { rootSchemaNodeWhere: { featureSchemaId: fsId } },
        { key: other.key },
      );
      assert.equal(node.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('connects an ontology to a project the way project.connect_ontology does', async () => {
      const ontology = await createOntology('to connect', builderOntology());
      const project = (await sut.data(CREATE_PROJECT, projectVariables('ontology project'))).createProject;
      assert.equal((await sut.data(GET_PROJECT_ONTOLOGY, { param_0: project.id })).project.ontology, null);
      const connected = await sut.data(CONNECT_ONTOLOGY, { projectId: project.id, ontologyId: ontology.id });
      assert.deepEqual(connected, { project: { connectOntology: { id: project.id } } });
      const read = (await sut.data(GET_PROJECT_ONTOLOGY, { param_0: project.id })).project.ontology;
      assert.deepEqual(read, ontology);
      const setup = `query($id: ID!) { project(where: { id: $id }) { setupComplete } }`;
      const setupAt = (await sut.data(setup, { id: project.id })).project.setupComplete;
      assert.ok(
        setupAt,
        'connecting an ontology sets the project up (as Label Studio and web-app projects need)',
      );
      const options = await sut.data(
        'query GetProjectLabelingFrontendOptionsPyApi($param_0: ID!){project(where: {id: $param_0}){labelingFrontendOptions(skip: 0 first: 100){customizationOptions id}}}',
        { param_0: project.id },
      );
      assert.deepEqual(options.project.labelingFrontendOptions, []);
      // Again with the same ontology is fine; replacing one that has features is not.
      await sut.data(CONNECT_ONTOLOGY, { projectId: project.id, ontologyId: ontology.id });
      assert.equal((await sut.data(setup, { id: project.id })).project.setupComplete, setupAt);
      const second = await createOntology('second', {
        tools: [{ tool: 'point', name: 'p' }],
        classifications: [],
      });
      const replace = await sut.gql(CONNECT_ONTOLOGY, { projectId: project.id, ontologyId: second.id });
      assert.equal(replace.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');
      assert.equal(replace.body.errors?.[0]?.message, 'Ontology already connected to project.');

      const other = await createActor(
        sut.ctx,
        `connector-${dialect}@example.com`,
        `connector-org-${dialect}`,
      );
      const foreign = await sut.gql(
        CONNECT_ONTOLOGY,
        { projectId: project.id, ontologyId: ontology.id },
        { key: other.key },
      );
      assert.equal(foreign.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const empty = (await sut.data(CREATE_PROJECT, projectVariables('empty project'))).createProject;
      const unknown = await sut.gql(CONNECT_ONTOLOGY, {
        projectId: empty.id,
        ontologyId: 'c000000000000000000000000',
      });
      assert.equal(unknown.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      await sut.data(DELETE_PROJECT, { ProjectId: empty.id });
      const deleted = await sut.gql(CONNECT_ONTOLOGY, { projectId: empty.id, ontologyId: ontology.id });
      assert.equal(deleted.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('resolves project ontologies in a list with one batched load', async () => {
      const ontology = await createOntology('listed', {
        tools: [{ tool: 'point', name: 'p' }],
        classifications: [],
      });
      for (const name of ['listed-1', 'listed-2']) {
        const project = (await sut.data(CREATE_PROJECT, projectVariables(name))).createProject;
        await sut.data(CONNECT_ONTOLOGY, { projectId: project.id, ontologyId: ontology.id });
      }
      const projects = (
        await sut.data('query { projects(skip: 0 first: 100) { name ontology { id objectSchemaCount } } }')
      ).projects;
      const listed = projects.filter((p: any) => p.name.startsWith('listed-'));
      assert.deepEqual(
        listed.map((p: any) => p.ontology),
        [
          { id: ontology.id, objectSchemaCount: 1 },
          { id: ontology.id, objectSchemaCount: 1 },
        ],
      );
    });
  });
}
