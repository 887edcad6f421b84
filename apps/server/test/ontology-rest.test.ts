import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OntologyRepository } from '../src/repositories/ontology.repository.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import {
  CONNECT_ONTOLOGY,
  CREATE_ONTOLOGY,
  CREATE_PROJECT,
  DELETE_PROJECT,
  GET_FEATURE_SCHEMA,
  GET_ONTOLOGY,
  pointTool,
  projectVariables,
  rest,
  type RestResponse,
} from './ontology.helpers.ts';

for (const dialect of dialects) {
  describe(`Labelbox REST ontology and feature-schema routes (${dialect})`, () => {
    let sut: TestServer;
    let call: (method: string, path: string, body?: unknown, key?: string | null) => Promise<RestResponse>;
    before(async () => {
      sut = await startTestServer({ dialect });
      call = (method, path, body, key) =>
        rest(sut.url, key === undefined ? sut.key : key, method, path, body);
    });
    after(async () => sut.close());

    const createOntology = async (name: string, normalized: unknown) =>
      (
        await sut.data(CREATE_ONTOLOGY, {
          data: { name, normalized: JSON.stringify(normalized), mediaType: 'IMAGE' },
        })
      ).upsertOntology;
    const getOntology = async (id: string) => (await sut.data(GET_ONTOLOGY, { param_0: id })).ontology;
    /** client.upsert_feature_schema: PUT, then rootSchemaNode with the returned schemaId. */
    const upsertFeatureSchema = async (featureSchema: Record<string, any>) => {
      const id = featureSchema.featureSchemaId || 'new_feature_schema_id';
      const res = await call('PUT', `/feature-schemas/${encodeURIComponent(id)}`, {
        normalized: JSON.stringify(featureSchema),
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (
        await sut.data(GET_FEATURE_SCHEMA, { rootSchemaNodeWhere: { featureSchemaId: res.body.schemaId } })
      ).rootSchemaNode;
    };

    it('upserts a feature schema: 200 {schemaId}, then updates it in place', async () => {
      const created = await upsertFeatureSchema(pointTool());
      const id = created.normalized.featureSchemaId;
      assert.equal(created.normalized.schemaNodeId.length, 25);
      const updated = await upsertFeatureSchema({ ...pointTool('new name'), featureSchemaId: id });
      assert.equal(updated.normalized.name, 'new name');
      assert.equal(updated.normalized.featureSchemaId, id);
      assert.equal(updated.normalized.schemaNodeId, created.normalized.schemaNodeId);
      const missing = await call('PUT', '/feature-schemas/doesntexist', {
        normalized: JSON.stringify(pointTool()),
      });
      assert.equal(missing.status, 404);
      assert.equal(missing.body.message, 'Cannot find root schema node with feature schema id doesntexist');
      const bad = await call('PUT', '/feature-schemas/new_feature_schema_id', {
        normalized: JSON.stringify({ tool: 'circle', name: 'c' }),
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /^Invalid normalized\.tool: "circle" is not one of/);
    });

    it('updates a feature schema title (200) and refuses an empty one', async () => {
      const created = await upsertFeatureSchema(pointTool('titled'));
      const id = created.normalized.featureSchemaId;
      const res = await call('PATCH', `/feature-schemas/${id}/definition`, { title: 'new title' });
      assert.equal(res.status, 200);
      assert.equal(
        (await sut.data(GET_FEATURE_SCHEMA, { rootSchemaNodeWhere: { featureSchemaId: id } })).rootSchemaNode
          .normalized.name,
        'new title',
      );
      const empty = await call('PATCH', `/feature-schemas/${id}/definition`, { title: '' });
      assert.equal(empty.status, 400);
      assert.match(empty.body.message, /title/);
      assert.equal(
        (await call('PATCH', '/feature-schemas/doesntexist/definition', { title: 'x' })).status,
        404,
      );
    });

    it('inserts a feature schema at a position (201) and moves it when present', async () => {
      const ontology = await createOntology('ontology', {
        tools: [
          { tool: 'polygon', name: 'tool1', color: 'blue' },
          { tool: 'polygon', name: 'tool2', color: 'blue' },
        ],
        classifications: [],
      });
      const point = await upsertFeatureSchema(pointTool());
      const fsId = point.normalized.featureSchemaId;
      const insert = await call('POST', `/ontologies/${ontology.id}/feature-schemas/${fsId}`, {
        position: 1,
      });
      assert.equal(insert.status, 201);
      let tools = (await getOntology(ontology.id)).normalized.tools;
      assert.deepEqual(
        tools.map((t: any) => t.name),
        ['tool1', 'name', 'tool2'],
      );
      assert.equal(tools[1].schemaNodeId, point.normalized.schemaNodeId);
      assert.equal(
        (await call('POST', `/ontologies/${ontology.id}/feature-schemas/${fsId}`, { position: 0 })).status,
        201,
      );
      tools = (await getOntology(ontology.id)).normalized.tools;
      assert.deepEqual(
        tools.map((t: any) => t.name),
        ['name', 'tool1', 'tool2'],
      );
      assert.equal(
        (await call('POST', `/ontologies/${ontology.id}/feature-schemas/${fsId}`, { position: 99 })).status,
        201,
      );
      assert.deepEqual(
        (await getOntology(ontology.id)).normalized.tools.map((t: any) => t.name),
        ['tool1', 'tool2', 'name'],
      );
      const clash = await upsertFeatureSchema({ tool: 'line', name: 'tool1' });
      const refused = await call(
        'POST',
        `/ontologies/${ontology.id}/feature-schemas/${clash.normalized.featureSchemaId}`,
        { position: 0 },
      );
      assert.equal(refused.status, 409);
      assert.match(refused.body.message, /already has a tool named "tool1"/);
      const badPosition = await call('POST', `/ontologies/${ontology.id}/feature-schemas/${fsId}`, {
        position: -1,
      });
      assert.equal(badPosition.status, 400);
      assert.equal(
        (await call('POST', `/ontologies/nope/feature-schemas/${fsId}`, { position: 0 })).status,
        404,
      );
    });

    it('deletes root and nested features from an ontology (200 {deleted, archived})', async () => {
      const ontology = await createOntology('deletions', {
        tools: [
          { tool: 'rectangle', name: 'Box 1' },
          {
            tool: 'rectangle',
            name: 'Box 2',
            classifications: [
              { type: 'radio', name: 'size', options: [{ value: 'big' }, { value: 'small' }] },
            ],
          },
        ],
        classifications: [],
      });
      const [box1, box2] = ontology.normalized.tools;
      const res = await call('DELETE', `/ontologies/${ontology.id}/feature-schemas/${box1.featureSchemaId}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { deleted: true, archived: false });
      let updated = await getOntology(ontology.id);
      assert.equal(updated.normalized.tools.length, 1);
      assert.equal(updated.objectSchemaCount, 1);
      const small = box2.classifications[0].options[1];
      const nested = await call(
        'DELETE',
        `/ontologies/${ontology.id}/feature-schemas/${small.featureSchemaId}`,
      );
      assert.deepEqual(nested.body, { deleted: true, archived: false });
      updated = await getOntology(ontology.id);
      assert.deepEqual(
        updated.normalized.tools[0].classifications[0].options.map((o: any) => o.value),
        ['big'],
      );
      const lastOption = box2.classifications[0].options[0].featureSchemaId;
      const refused = await call('DELETE', `/ontologies/${ontology.id}/feature-schemas/${lastOption}`);
      assert.equal(refused.status, 422);
      assert.match(refused.body.message, /needs at least one option/);
      const missing = await call(
        'DELETE',
        `/ontologies/${ontology.id}/feature-schemas/invalid-feature-schema-id`,
      );
      assert.equal(missing.status, 404);
      assert.equal(
        missing.body.message,
        'Failed to find feature schema node by id: invalid-feature-schema-id',
      );
    });

    it('reports, hides and unarchives archived root features', async () => {
      const ontology = await createOntology('archive', {
        tools: [
          { tool: 'point', name: 'p1' },
          { tool: 'point', name: 'p2' },
        ],
        classifications: [],
      });
      const [p1, p2] = ontology.normalized.tools;
      let state = await call('GET', `/ontologies/${ontology.id}`);
      assert.equal(state.status, 200);
      assert.deepEqual(
        state.body.featureSchemaNodes.tools.map((n: any) => [n.featureSchemaId, n.archived]),
        [
          [p1.featureSchemaId, false],
          [p2.featureSchemaId, false],
        ],
      );
      assert.deepEqual(state.body.featureSchemaNodes.relationships, []);
      // No labels exist yet, so archive the way a root feature with labels would be archived.
      await new OntologyRepository(sut.db, dialect).setArchived(ontology.id, p1.featureSchemaId, true);
      state = await call('GET', `/ontologies/${ontology.id}`);
      assert.equal(state.body.featureSchemaNodes.tools[0].archived, true);
      const hidden = await getOntology(ontology.id);
      assert.deepEqual(
        hidden.normalized.tools.map((t: any) => t.name),
        ['p2'],
      );
      assert.equal(hidden.objectSchemaCount, 1);
      const index = await sut.services.ontologies.index(sut.actor, ontology.id);
      assert.equal(index.tool('p1')?.archived, true, 'the label-import index still knows archived features');
      const unarchived = await call(
        'PATCH',
        `/ontologies/${ontology.id}/feature-schemas/${p1.featureSchemaId}/unarchive`,
      );
      assert.equal(unarchived.status, 200);
      assert.deepEqual(unarchived.body, { unarchived: true });
      assert.deepEqual(
        (await getOntology(ontology.id)).normalized.tools.map((t: any) => t.name),
        ['p1', 'p2'],
      );
      const noNode = await call(
        'PATCH',
        `/ontologies/${ontology.id}/feature-schemas/invalid-feature-schema-id/unarchive`,
      );
      assert.equal(
        noNode.body.message,
        'Failed to find feature schema node by id: invalid-feature-schema-id',
      );
      const noOntology = await call(
        'PATCH',
        `/ontologies/invalid-ontology/feature-schemas/${p1.featureSchemaId}/unarchive`,
      );
      assert.equal(noOntology.body.message, 'Failed to find ontology by id: invalid-ontology');
      assert.equal((await call('GET', '/ontologies/invalid-ontology')).status, 404);
    });

    it('deletes unused ontologies and feature schemas (204) and explains refusals', async () => {
      const tool = await upsertFeatureSchema(pointTool());
      const fsId = tool.normalized.featureSchemaId;
      const ontology = await createOntology('ontology name', {
        tools: [tool.normalized],
        classifications: [],
      });
      const project = (await sut.data(CREATE_PROJECT, projectVariables('test project'))).createProject;
      await sut.data(CONNECT_ONTOLOGY, { projectId: project.id, ontologyId: ontology.id });

      const used = await call('DELETE', `/ontologies/${ontology.id}`);
      assert.notEqual(used.status, 204);
      assert.equal(
        used.body.message,
        `Cannot delete an ontology connected to a project. The ontology is connected to projects: ${project.id}`,
      );
      const inOntology = await call('DELETE', `/feature-schemas/${fsId}`);
      assert.match(
        inOntology.body.message,
        /^Feature schema cannot be deleted because it is used in ontologies/,
      );

      await sut.data(DELETE_PROJECT, { ProjectId: project.id });
      assert.equal((await call('DELETE', `/ontologies/${ontology.id}`)).status, 204);
      assert.equal((await call('DELETE', `/ontologies/${ontology.id}`)).status, 404);
      const gone = await sut.gql(GET_ONTOLOGY, { param_0: ontology.id });
      assert.equal(gone.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');

      const deleted = await call('DELETE', `/feature-schemas/${fsId}`);
      assert.equal(deleted.status, 204);
      assert.equal(deleted.body, null);
      const again = await call('DELETE', `/feature-schemas/${fsId}`);
      assert.equal(again.body.message, 'Feature schema is already deleted');
      const missing = await call('DELETE', '/feature-schemas/doesntexist');
      assert.equal(missing.body.message, 'Cannot find root schema node with feature schema id doesntexist');
    });

    it('lists unused ids in pages of 100 with the cursor in a GET body', async () => {
      const other = await createActor(sut.ctx, `unused-${dialect}@example.com`, `unused-org-${dialect}`);
      const tools = Array.from({ length: 105 }, (_, i) => ({ tool: 'point', name: `p${i}` }));
      const big = (
        await sut.data(
          CREATE_ONTOLOGY,
          {
            data: {
              name: 'big',
              normalized: JSON.stringify({ tools, classifications: [] }),
              mediaType: null,
            },
          },
          { key: other.key },
        )
      ).upsertOntology;
      const usedIds = big.normalized.tools.map((t: any) => t.featureSchemaId);
      const none = await call('GET', '/feature-schemas/unused', { after: null }, other.key);
      assert.deepEqual(none.body, [], 'features of a live ontology are used');
      const ontologies = await call('GET', '/ontologies/unused', { after: null }, other.key);
      assert.deepEqual(ontologies.body, [big.id]);
      const project = (await sut.data(CREATE_PROJECT, projectVariables('user'), { key: other.key }))
        .createProject;
      await sut.data(CONNECT_ONTOLOGY, { projectId: project.id, ontologyId: big.id }, { key: other.key });
      assert.deepEqual((await call('GET', '/ontologies/unused', undefined, other.key)).body, []);
      await sut.data(DELETE_PROJECT, { ProjectId: project.id }, { key: other.key });
      assert.equal((await call('DELETE', `/ontologies/${big.id}`, undefined, other.key)).status, 204);

      const first = await call('GET', '/feature-schemas/unused', { after: null }, other.key);
      assert.equal(first.status, 200);
      assert.equal(first.body.length, 100);
      const second = await call('GET', '/feature-schemas/unused', { after: first.body[99] }, other.key);
      assert.deepEqual([...first.body, ...second.body].sort(), [...usedIds].sort());
      assert.equal(second.body.length, 5);
      assert.deepEqual(
        (await call('GET', `/feature-schemas/unused?after=${first.body[99]}`, undefined, other.key)).body,
        second.body,
      );
      const mine = await call('GET', '/feature-schemas/unused', { after: null });
      assert.ok(
        !mine.body.some((id: string) => usedIds.includes(id)),
        'another organization sees none of them',
      );
      assert.equal((await call('GET', '/feature-schemas/unused', { after: 5 })).status, 400);
    });

    it('answers JSON errors without a key and for another organization', async () => {
      const unauthorized = await call('GET', '/ontologies/unused', { after: null }, null);
      assert.equal(unauthorized.status, 401);
      assert.equal(typeof unauthorized.body.message, 'string');
      const ontology = await createOntology('scoped', {
        tools: [{ tool: 'point', name: 'p' }],
        classifications: [],
      });
      const other = await createActor(sut.ctx, `scoped-${dialect}@example.com`, `scoped-org-${dialect}`);
      assert.equal((await call('GET', `/ontologies/${ontology.id}`, undefined, other.key)).status, 404);
      assert.equal((await call('DELETE', `/ontologies/${ontology.id}`, undefined, other.key)).status, 404);
      const fsId = ontology.normalized.tools[0].featureSchemaId;
      assert.equal(
        (await call('DELETE', `/ontologies/${ontology.id}/feature-schemas/${fsId}`, undefined, other.key))
          .status,
        404,
      );
      assert.equal(
        (await call('PATCH', `/feature-schemas/${fsId}/definition`, { title: 'x' }, other.key)).status,
        404,
      );
    });
  });
}
