import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from './harness.ts';
import {
  createProjectOperation,
  DEFAULT_QUALITY,
  ISO_MS,
  PROJECT_FIELDS,
  updateProjectOperation,
} from './project.factory.ts';
import { CONNECT_ONTOLOGY } from './ontology.helpers.ts';

const GET_PROJECT = `query GetProjectPyApi($param_0: ID!){project(where: {id: $param_0}){${PROJECT_FIELDS}}}`;
const GET_PROJECTS = `query GetProjectsPyApi($param_0: Boolean!){projects(where: {deleted: $param_0} skip: 0 first: 100){${PROJECT_FIELDS}}}`;
const DELETE_PROJECT = `mutation deleteProjectPyApi($ProjectId: ID!){updateProject(
        where: {id: $ProjectId} data: {deleted: true}) {id}} `;
const FRONTEND_FIELDS = 'description iframeUrlPath name id';

describe('projects over GraphQL (SDK operation texts)', () => {
  let sut: TestServer;
  const create = async (variables: Record<string, unknown>) =>
    (await sut.data(createProjectOperation(variables), variables)).createProject;

  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it('creates a project with the default quality modes and answers every selected field', async () => {
    const project = await create({
      name: 'Cats',
      description: 'boxes',
      allowedMediaType: 'IMAGE',
      ...DEFAULT_QUALITY,
    });
    assert.deepEqual(Object.keys(project), PROJECT_FIELDS.split(' '));
    assert.equal(project.id.length, 25);
    assert.equal(project.name, 'Cats');
    assert.equal(project.description, 'boxes');
    assert.equal(project.allowedMediaType, 'IMAGE');
    assert.equal(project.autoAuditPercentage, 0);
    assert.equal(project.autoAuditNumberOfLabels, 3);
    assert.equal(project.isBenchmarkEnabled, true);
    assert.equal(project.isConsensusEnabled, true);
    assert.equal(project.uploadType, null);
    assert.equal(project.editorTaskType, null);
    assert.equal(project.setupComplete, null);
    assert.equal(project.modelSetupComplete, null);
    assert.equal(project.dataRowCount, 0);
    for (const field of ['createdAt', 'updatedAt', 'lastActivityTime']) assert.match(project[field], ISO_MS);
    // SDK <= 3.77 also selects queueMode.
    const legacy = await sut.data(
      'query GetProjectPyApi($param_0: ID!){project(where: {id: $param_0}){queueMode uploadType}}',
      {
        param_0: project.id,
      },
    );
    assert.deepEqual(legacy.project, { queueMode: 'BATCH', uploadType: null });
  });

  it('accepts the Benchmark-only and Consensus-only variable sets, without a description', async () => {
    const benchmark = await create({
      name: 'B',
      allowedMediaType: 'TEXT',
      autoAuditPercentage: 1,
      autoAuditNumberOfLabels: 1,
      isBenchmarkEnabled: true,
      isConsensusEnabled: false,
    });
    assert.deepEqual(
      [
        benchmark.autoAuditPercentage,
        benchmark.autoAuditNumberOfLabels,
        benchmark.isBenchmarkEnabled,
        benchmark.isConsensusEnabled,
      ],
      [1, 1, true, false],
    );
    const consensus = await create({
      name: 'C',
      allowedMediaType: 'VIDEO',
      autoAuditPercentage: 0,
      autoAuditNumberOfLabels: 3,
      isBenchmarkEnabled: false,
      isConsensusEnabled: true,
    });
    assert.deepEqual(
      [
        consensus.autoAuditPercentage,
        consensus.autoAuditNumberOfLabels,
        consensus.isBenchmarkEnabled,
        consensus.isConsensusEnabled,
      ],
      [0, 3, false, true],
    );
    const chat = await create({
      name: 'Chat',
      allowedMediaType: 'CONVERSATIONAL',
      editorTaskType: 'MODEL_CHAT_EVALUATION',
      queueMode: 'BATCH',
    });
    assert.equal(chat.editorTaskType, 'MODEL_CHAT_EVALUATION');
    assert.equal(chat.description, '');
  });

  it('rejects a blank name and an out-of-range audit percentage naming the field', async () => {
    const blank = await sut.gql(createProjectOperation({ name: '  ', allowedMediaType: 'IMAGE' }), {
      name: '  ',
      allowedMediaType: 'IMAGE',
    });
    assert.equal(blank.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.match(blank.body.errors[0].message, /data\.name/);
    const vars = { name: 'x', autoAuditPercentage: 2 };
    const bad = await sut.gql(createProjectOperation(vars), vars);
    assert.equal(bad.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.match(bad.body.errors[0].message, /data\.autoAuditPercentage/);
  });

  it('gets a project by id; unknown ids are RESOURCE_NOT_FOUND', async () => {
    const project = await create({ name: 'Get me', allowedMediaType: 'IMAGE' });
    const got = (await sut.data(GET_PROJECT, { param_0: project.id })).project;
    assert.deepEqual(got, project);
    const missing = await sut.gql(GET_PROJECT, { param_0: 'cmissingmissingmissing000' });
    assert.equal(missing.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    const count = await sut.data(
      'query LabelCountPyApi($projectId: ID!) {\n project(where: {id: $projectId}) {\n labelCount\n }\n }',
      { projectId: project.id },
    );
    assert.equal(count.project.labelCount, 0);
  });

  it('updates fields with updateProjectPyApi, incl. setupComplete sent as …:SSZ', async () => {
    const project = await create({ name: 'Old', allowedMediaType: 'IMAGE', ...DEFAULT_QUALITY });
    const renamed = (
      await sut.data(updateProjectOperation('name', 'String'), { name: 'New', ProjectId: project.id })
    ).updateProject;
    assert.equal(renamed.name, 'New');
    assert.ok(renamed.updatedAt >= project.updatedAt);
    const setup = await sut.data(updateProjectOperation('setupComplete', 'DateTime'), {
      setupComplete: '2024-10-16T12:00:00Z',
      ProjectId: project.id,
    });
    assert.equal(setup.updateProject.setupComplete, '2024-10-16T12:00:00.000Z');
    const described = await sut.data(updateProjectOperation('description', 'String'), {
      description: 'd',
      ProjectId: project.id,
    });
    assert.equal(described.updateProject.description, 'd');
    const same = await sut.data(updateProjectOperation('isBenchmarkEnabled', 'Boolean'), {
      isBenchmarkEnabled: true,
      ProjectId: project.id,
    });
    assert.equal(same.updateProject.isBenchmarkEnabled, true);
    const switched = await sut.gql(updateProjectOperation('isBenchmarkEnabled', 'Boolean'), {
      isBenchmarkEnabled: false,
      ProjectId: project.id,
    });
    assert.equal(switched.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');
    const blank = await sut.gql(updateProjectOperation('name', 'String'), {
      name: '',
      ProjectId: project.id,
    });
    assert.equal(blank.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.match(blank.body.errors[0].message, /data\.name/);
  });

  it('has no labeling frontend until one is connected and runs the SDK connect-frontend sequence', async () => {
    const project = await create({ name: 'Frontends', allowedMediaType: 'IMAGE' });
    const getFrontend = `query GetProjectLabelingFrontendPyApi($param_0: ID!){project(where: {id: $param_0}){labelingFrontend{${FRONTEND_FIELDS}}}}`;
    assert.equal(
      (await sut.data(getFrontend, { param_0: project.id })).project.labelingFrontend,
      null,
      'project.labeling_frontend() is None for a new project',
    );
    const editors = await sut.data(
      `query GetLabelingFrontendsPyApi($param_0: String!, $param_1: Boolean!){labelingFrontends(where: {AND: [{name: $param_0}, {deleted: $param_1}]} skip: 0 first: 100){${FRONTEND_FIELDS}}}`,
      { param_0: 'Editor', param_1: false },
    );
    const initial = editors.labelingFrontends[0];
    assert.equal(initial.name, 'Editor');
    assert.equal(initial.id.length, 25);
    const byId = await sut.data(
      'query($id: ID!){labelingFrontend(where: {id: $id}){description iframeUrlPath name id}}',
      { id: initial.id },
    );
    assert.deepEqual(byId.labelingFrontend, initial);
    const connectFirst = `mutation ConnectProjectAndLabelingFrontendPyApi($projectId: ID!, $labelingFrontendId: ID!){updateProject(
        where: {id: $projectId} data: {labelingFrontend: {connect: {id: $labelingFrontendId}}}) {id}} `;
    await sut.data(connectFirst, { projectId: project.id, labelingFrontendId: initial.id });
    assert.deepEqual(
      (await sut.data(getFrontend, { param_0: project.id })).project.labelingFrontend,
      initial,
    );

    const disconnect = `mutation DisconnectProjectAndLabelingFrontendPyApi($projectId: ID!){updateProject(
        where: {id: $projectId} data: {labelingFrontend: {disconnect: true}}) {id}} `;
    await sut.data(disconnect, { projectId: project.id });
    assert.equal((await sut.data(getFrontend, { param_0: project.id })).project.labelingFrontend, null);

    // What connect_ontology sends when the frontend is null.
    const list = await sut.data(
      `query GetLabelingFrontendsPyApi($param_0: String!, $param_1: Boolean!){labelingFrontends(where: {AND: [{name: $param_0}, {deleted: $param_1}]} skip: 0 first: 100){${FRONTEND_FIELDS}}}`,
      { param_0: 'Editor', param_1: false },
    );
    assert.deepEqual(list.labelingFrontends, [initial]);
    const connect = `mutation ConnectProjectAndLabelingFrontendPyApi($projectId: ID!, $labelingFrontendId: ID!){updateProject(
        where: {id: $projectId} data: {labelingFrontend: {connect: {id: $labelingFrontendId}}}) {id}} `;
    assert.equal(
      (await sut.data(connect, { projectId: project.id, labelingFrontendId: initial.id })).updateProject.id,
      project.id,
    );
    const options = await sut.data(
      'mutation CreateLabelingFrontendOptionsPyApi($project: ID!, $labelingFrontend: ID!, $customizationOptions: String!){createLabelingFrontendOptions(data: {project: {connect: {id: $project}} labelingFrontend: {connect: {id: $labelingFrontend}} customizationOptions: $customizationOptions}) {customizationOptions id}} ',
      {
        project: project.id,
        labelingFrontend: initial.id,
        customizationOptions: '{"tools": [], "classifications": []}',
      },
    );
    assert.equal(
      options.createLabelingFrontendOptions.customizationOptions,
      '{"tools": [], "classifications": []}',
    );
    assert.equal(options.createLabelingFrontendOptions.id.length, 25);
    const listOptions =
      'query GetProjectLabelingFrontendOptionsPyApi($param_0: ID!){project(where: {id: $param_0}){labelingFrontendOptions(skip: 0 first: 100){customizationOptions id}}}';
    assert.deepEqual((await sut.data(listOptions, { param_0: project.id })).project.labelingFrontendOptions, [
      options.createLabelingFrontendOptions,
    ]);
    const later = await sut.data(
      'mutation CreateLabelingFrontendOptionsPyApi($project: ID!, $labelingFrontend: ID!, $customizationOptions: String!){createLabelingFrontendOptions(data: {project: {connect: {id: $project}} labelingFrontend: {connect: {id: $labelingFrontend}} customizationOptions: $customizationOptions}) {customizationOptions id}} ',
      {
        project: project.id,
        labelingFrontend: initial.id,
        customizationOptions: '{"tools": [{"tool": "rectangle"}]}',
      },
    );
    const both = (await sut.data(listOptions, { param_0: project.id })).project.labelingFrontendOptions;
    assert.deepEqual(
      both.map((o: { id: string }) => o.id),
      [options.createLabelingFrontendOptions.id, later.createLabelingFrontendOptions.id],
      'oldest first: the SDK reads the last as the current options',
    );
    assert.deepEqual(
      (await sut.data(getFrontend, { param_0: project.id })).project.labelingFrontend,
      initial,
    );

    const none = await sut.data(
      `query GetLabelingFrontendsPyApi($param_0: Boolean!){labelingFrontends(where: {deleted: $param_0} skip: 0 first: 100){${FRONTEND_FIELDS}}}`,
      { param_0: true },
    );
    assert.deepEqual(none.labelingFrontends, []);
    const unknown = await sut.gql(connect, {
      projectId: project.id,
      labelingFrontendId: 'cunknownfrontend000000000',
    });
    assert.equal(unknown.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
  });

  it('connectOntology connects the default Editor to a project without a frontend', async () => {
    const project = await create({ name: 'Ontology first', allowedMediaType: 'IMAGE' });
    const ontology = await sut.data(
      'mutation upsertOntologyPyApi($data: UpsertOntologyInput!){ upsertOntology(data: $data){ id } }',
      { data: { name: 'plain', normalized: '{"tools": [], "classifications": []}', mediaType: 'IMAGE' } },
    );
    await sut.data(CONNECT_ONTOLOGY, { projectId: project.id, ontologyId: ontology.upsertOntology.id });
    const getFrontend = `query GetProjectLabelingFrontendPyApi($param_0: ID!){project(where: {id: $param_0}){labelingFrontend{${FRONTEND_FIELDS}}}}`;
    const frontend = (await sut.data(getFrontend, { param_0: project.id })).project.labelingFrontend;
    assert.equal(frontend.name, 'Editor');
  });

  it('derives uploadType, modelSetupComplete and the starting frontend from what the project is', async () => {
    const getFrontend = `query GetProjectLabelingFrontendPyApi($param_0: ID!){project(where: {id: $param_0}){labelingFrontend{${FRONTEND_FIELDS}}}}`;
    // create_model_evaluation_project(name, dataset_name=…, data_row_count=…) as SDK 6 sends it.
    const live = await create({
      name: 'Live chat',
      allowedMediaType: 'CONVERSATIONAL',
      editorTaskType: 'MODEL_CHAT_EVALUATION',
      datasetNameOrId: 'generated rows',
      appendToExistingDataset: false,
      dataRowCount: 10,
    });
    assert.equal(live.uploadType, 'AUTO');
    assert.equal(live.modelSetupComplete, null);
    assert.equal((await sut.data(getFrontend, { param_0: live.id })).project.labelingFrontend.name, 'Editor');
    // create_prompt_response_generation_project(dataset_name=…, data_row_count=n)
    const prompts = await create({
      name: 'Prompts',
      allowedMediaType: 'LLM_PROMPT_CREATION',
      datasetNameOrId: 'prompt rows',
      appendToExistingDataset: false,
      dataRowCount: 5,
    });
    assert.equal(prompts.uploadType, 'AUTO');
    assert.equal(prompts.modelSetupComplete, null);
    // create_response_creation_project and offline chat evaluation are filled through batches.
    for (const variables of [
      { name: 'Responses', allowedMediaType: 'TEXT', editorTaskType: 'RESPONSE_CREATION' },
      {
        name: 'Offline chat',
        allowedMediaType: 'CONVERSATIONAL',
        editorTaskType: 'OFFLINE_MODEL_CHAT_EVALUATION',
      },
    ]) {
      const project = await create(variables);
      assert.equal(project.uploadType, null, variables.name);
      assert.equal((await sut.data(getFrontend, { param_0: project.id })).project.labelingFrontend, null);
    }
  });

  it('makes the checks the SDK makes before creating evaluation and prompt/response projects', async () => {
    const refused = async (variables: Record<string, unknown>, field: RegExp, code = 'MALFORMED_REQUEST') => {
      const res = await sut.gql(createProjectOperation(variables), variables);
      assert.equal(res.body.errors?.[0]?.extensions.code, code, JSON.stringify(variables));
      assert.match(res.body.errors?.[0]?.message ?? '', field);
    };
    // create_prompt_response_generation_project without a dataset, or with a bad row count.
    await refused({ name: 'kind-P', allowedMediaType: 'LLM_PROMPT_CREATION' }, /datasetNameOrId/);
    await refused(
      {
        name: 'kind-P',
        allowedMediaType: 'LLM_PROMPT_RESPONSE_CREATION',
        datasetNameOrId: 'd',
        dataRowCount: 0,
      },
      /dataRowCount/,
    );
    await refused(
      {
        name: 'kind-P',
        allowedMediaType: 'LLM_PROMPT_CREATION',
        datasetNameOrId: 'd',
        dataRowCount: 10_000_000,
      },
      /dataRowCount/,
    );
    // Appending to a dataset that is not there (or not this organization's).
    await refused(
      {
        name: 'kind-P',
        allowedMediaType: 'LLM_PROMPT_CREATION',
        datasetNameOrId: 'cnosuchdataset00000000000',
        appendToExistingDataset: true,
      },
      /Dataset/,
      'RESOURCE_NOT_FOUND',
    );
    // Each editor task type has its media type; a dataset goes only with generated or live evaluation projects.
    await refused(
      { name: 'kind-R', allowedMediaType: 'IMAGE', editorTaskType: 'RESPONSE_CREATION' },
      /allowedMediaType/,
    );
    await refused(
      { name: 'kind-C', allowedMediaType: 'TEXT', editorTaskType: 'MODEL_CHAT_EVALUATION' },
      /allowedMediaType/,
    );
    await refused({ name: 'kind-I', allowedMediaType: 'IMAGE', datasetNameOrId: 'd' }, /datasetNameOrId/);
    // What the SDK sends passes: an existing dataset appended to.
    const dataset = (await sut.data('mutation { createDataset(data: { name: "prompts" }) { id } }'))
      .createDataset;
    const ok = await create({
      name: 'Appended',
      allowedMediaType: 'LLM_PROMPT_RESPONSE_CREATION',
      datasetNameOrId: dataset.id,
      appendToExistingDataset: true,
      dataRowCount: 10,
    });
    assert.equal(ok.uploadType, 'AUTO');
    const names = (await sut.data(GET_PROJECTS, { param_0: false })).projects.map((p: any) => p.name);
    assert.deepEqual(
      names.filter((n: string) => n.startsWith('kind-')),
      [],
    );
  });

  it('soft-deletes: a deleted project is gone from get, lists and updates', async () => {
    const project = await create({ name: 'Doomed', allowedMediaType: 'IMAGE' });
    assert.equal((await sut.data(DELETE_PROJECT, { ProjectId: project.id })).updateProject.id, project.id);
    assert.equal(
      (await sut.gql(GET_PROJECT, { param_0: project.id })).body.errors?.[0]?.extensions.code,
      'RESOURCE_NOT_FOUND',
    );
    const listed = (await sut.data(GET_PROJECTS, { param_0: false })).projects.map(
      (p: { id: string }) => p.id,
    );
    assert.ok(!listed.includes(project.id));
    assert.deepEqual((await sut.data(GET_PROJECTS, { param_0: true })).projects, []);
    const again = await sut.gql(DELETE_PROJECT, { ProjectId: project.id });
    assert.equal(again.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
  });
});

describe('project lists, filters and organizations', () => {
  let sut: TestServer;
  const ids: string[] = [];

  before(async () => {
    sut = await startTestServer();
    for (const name of ['alpha', 'beta', 'gamma', 'beta']) {
      const vars = { name, description: `${name} project`, allowedMediaType: 'IMAGE' };
      ids.push((await sut.data(createProjectOperation(vars), vars)).createProject.id);
    }
  });
  after(async () => sut.close());

  it('get_projects lists non-deleted projects in creation order', async () => {
    const { projects } = await sut.data(GET_PROJECTS, { param_0: false });
    assert.deepEqual(
      projects.map((p: { id: string }) => p.id),
      ids,
    );
    assert.deepEqual(Object.keys(projects[0]), PROJECT_FIELDS.split(' '));
  });

  it('filters with the nested binary ANDs the SDK writes, suffixes and orderBy', async () => {
    const byName = await sut.data(
      `query GetProjectsPyApi($param_0: String!, $param_1: String!, $param_2: Boolean!){projects(where: {AND: [{AND: [{name: $param_0}, {description: $param_1}]}, {deleted: $param_2}]} skip: 0 first: 100){id name}}`,
      { param_0: 'beta', param_1: 'beta project', param_2: false },
    );
    assert.deepEqual(
      byName.projects.map((p: { id: string }) => p.id),
      [ids[1], ids[3]],
    );
    const notBeta = await sut.data(
      '{projects(where: {name_not: "beta", id_in: ["' + ids.join('","') + '"]}){name}}',
    );
    assert.deepEqual(
      notBeta.projects.map((p: { name: string }) => p.name),
      ['alpha', 'gamma'],
    );
    const ordered = await sut.data('{projects(orderBy: name_DESC skip: 1 first: 2){name}}');
    assert.deepEqual(
      ordered.projects.map((p: { name: string }) => p.name),
      ['beta', 'beta'],
    );
    const created = await sut.data('query($t: DateTime!){projects(where: {createdAt_lte: $t}){id}}', {
      t: '2000-01-01T00:00:00Z',
    });
    assert.deepEqual(created.projects, []);
  });

  it('filters names by substring, prefix and suffix, as the web app searches', async () => {
    const names = async (where: string) =>
      (await sut.data(`{projects(where: {${where}, id_in: ["${ids.join('","')}"]}){name}}`)).projects.map(
        (p: { name: string }) => p.name,
      );
    assert.deepEqual(await names('name_contains: "et"'), ['beta', 'beta']);
    assert.deepEqual(await names('name_contains: "ET"'), []);
    assert.deepEqual(await names('name_not_contains: "a"'), []);
    assert.deepEqual(await names('name_starts_with: "gam"'), ['gamma']);
    assert.deepEqual(await names('name_ends_with: "ha"'), ['alpha']);
    const bad = await sut.gql('{projects(where: {labelCount_contains: "1"}){id}}');
    assert.equal(bad.body.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('pages with inlined skip / first', async () => {
    const page = await sut.data(`{projects(where: {deleted: false} skip: 1 first: 2){id}}`);
    assert.deepEqual(
      page.projects.map((p: { id: string }) => p.id),
      ids.slice(1, 3),
    );
  });

  it('user.projects defaults to all non-deleted projects in creation order', async () => {
    const res = await sut.data(
      `query GetUserProjectsPyApi($param_0: ID!){user(where: {id: $param_0}){projects(skip: 0 first: 100){${PROJECT_FIELDS}}}}`,
      { param_0: sut.actor.userId },
    );
    assert.deepEqual(
      res.user.projects.map((p: { id: string }) => p.id),
      ids,
    );
    const org = await sut.data(
      'query GetOrganizationProjectsPyApi($param_0: Boolean!){organization{projects(where: {deleted: $param_0} skip: 0 first: 100){id}}}',
      { param_0: false },
    );
    assert.equal(org.organization.projects.length, ids.length);
  });

  it('keeps organizations apart', async () => {
    const other = await createActor(sut.ctx, `other-${Date.now()}@example.com`, `other-org-${Date.now()}`);
    const theirs = await sut.data(GET_PROJECTS, { param_0: false }, { key: other.key });
    assert.deepEqual(theirs.projects, []);
    const get = await sut.gql(GET_PROJECT, { param_0: ids[0] }, { key: other.key });
    assert.equal(get.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    const update = await sut.gql(
      updateProjectOperation('name', 'String'),
      { name: 'stolen', ProjectId: ids[0] },
      { key: other.key },
    );
    assert.equal(update.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    const del = await sut.gql(DELETE_PROJECT, { ProjectId: ids[0] }, { key: other.key });
    assert.equal(del.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    assert.equal((await sut.data(GET_PROJECT, { param_0: ids[0] })).project.name, 'alpha');
  });
});
