import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLES } from '../src/auth/roles.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { setupLabelProject, type LabelProject } from './label.factory.ts';
import { box, queue, sdk } from './queue.sdk.ts';

const roleId = (key: string) => ROLES.find((r) => r.key === key)!.id;
const SET_PROJECT_ROLE = `mutation SetProjectMembershipPyApi($projectId: ID!, $userId: ID!, $roleId: ID!) {
                setProjectMembership(data: {userId: $userId, roleId: $roleId, projectId: $projectId}) {id}}
        `;

type Who =
  'ADMIN' | 'TEAM_MANAGER' | 'REVIEWER' | 'LABELER' | 'NONE' | 'PROJECT_LABELER' | 'PROJECT_REVIEWER';
type Expect = 'ok' | 'AUTHORIZATION_ERROR' | 'RESOURCE_NOT_FOUND';

/** Role × operation: what each caller gets from each queue call (allowed ones really do their work). */
const MATRIX: Record<string, Record<Who, Expect>> = {
  reserveLabeling: {
    ADMIN: 'ok',
    TEAM_MANAGER: 'ok',
    REVIEWER: 'ok',
    LABELER: 'ok',
    NONE: 'RESOURCE_NOT_FOUND',
    PROJECT_LABELER: 'ok',
    PROJECT_REVIEWER: 'ok',
  },
  reserveReview: {
    ADMIN: 'ok',
    TEAM_MANAGER: 'ok',
    REVIEWER: 'ok',
    LABELER: 'AUTHORIZATION_ERROR',
    NONE: 'RESOURCE_NOT_FOUND',
    PROJECT_LABELER: 'AUTHORIZATION_ERROR',
    PROJECT_REVIEWER: 'ok',
  },
  extendReview: {
    ADMIN: 'ok',
    TEAM_MANAGER: 'ok',
    REVIEWER: 'ok',
    LABELER: 'AUTHORIZATION_ERROR',
    NONE: 'RESOURCE_NOT_FOUND',
    PROJECT_LABELER: 'AUTHORIZATION_ERROR',
    PROJECT_REVIEWER: 'ok',
  },
  moveToQueue: {
    ADMIN: 'ok',
    TEAM_MANAGER: 'ok',
    REVIEWER: 'AUTHORIZATION_ERROR',
    LABELER: 'AUTHORIZATION_ERROR',
    NONE: 'RESOURCE_NOT_FOUND',
    PROJECT_LABELER: 'AUTHORIZATION_ERROR',
    PROJECT_REVIEWER: 'AUTHORIZATION_ERROR',
  },
  setOverrides: {
    ADMIN: 'ok',
    TEAM_MANAGER: 'ok',
    REVIEWER: 'AUTHORIZATION_ERROR',
    LABELER: 'AUTHORIZATION_ERROR',
    NONE: 'RESOURCE_NOT_FOUND',
    PROJECT_LABELER: 'AUTHORIZATION_ERROR',
    PROJECT_REVIEWER: 'AUTHORIZATION_ERROR',
  },
  setReviewStep: {
    ADMIN: 'ok',
    TEAM_MANAGER: 'ok',
    REVIEWER: 'AUTHORIZATION_ERROR',
    LABELER: 'AUTHORIZATION_ERROR',
    NONE: 'RESOURCE_NOT_FOUND',
    PROJECT_LABELER: 'AUTHORIZATION_ERROR',
    PROJECT_REVIEWER: 'AUTHORIZATION_ERROR',
  },
  taskQueues: {
    ADMIN: 'ok',
    TEAM_MANAGER: 'ok',
    REVIEWER: 'ok',
    LABELER: 'ok',
    NONE: 'RESOURCE_NOT_FOUND',
    PROJECT_LABELER: 'ok',
    PROJECT_REVIEWER: 'ok',
  },
};

for (const dialect of dialects) {
  describe(`queue access by role (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    const callers = new Map<Who, { key: string; userId: string }>();

    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 12, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      for (const who of ['ADMIN', 'TEAM_MANAGER', 'REVIEWER', 'LABELER', 'NONE'] as const)
        callers.set(who, await createActor(sut.ctx, `${who}-${dialect}@example.com`, org, who));
      for (const [who, role] of [
        ['PROJECT_LABELER', 'LABELER'],
        ['PROJECT_REVIEWER', 'REVIEWER'],
      ] as const) {
        const actor = await createActor(sut.ctx, `${who}-${dialect}@example.com`, org, 'NONE');
        await sut.data(SET_PROJECT_ROLE, {
          projectId: p.projectId,
          userId: actor.userId,
          roleId: roleId(role),
        });
        callers.set(who, actor);
      }
      // Labels by the workspace admin wait in review, so every reviewer can reserve one.
      for (let i = 0; i < 6; i++) {
        const held = (
          await sut.data(queue.reserve, { data: { projectId: p.projectId, queueType: 'LabelingQueue' } })
        ).reserveNextDataRow;
        await sut.data(queue.submit, {
          data: { reservationId: held.id, annotations: [box()], secondsToLabel: 1 },
        });
      }
    });
    after(async () => sut.close());

    const calls: Record<string, (key: string) => ReturnType<TestServer['gql']>> = {
      reserveLabeling: (key) =>
        sut.gql(queue.reserve, { data: { projectId: p.projectId, queueType: 'LabelingQueue' } }, { key }),
      reserveReview: (key) =>
        sut.gql(queue.reserve, { data: { projectId: p.projectId, queueType: 'ReviewQueue' } }, { key }),
      extendReview: (key) => sut.gql(sdk.extend('ReviewQueue'), { projectId: p.projectId }, { key }),
      moveToQueue: (key) =>
        sut.gql(
          sdk.moveToQueue,
          {
            projectId: p.projectId,
            queueId: null,
            dataRowIdentifiers: { ids: [p.images[11]!.id], idType: 'ID' },
          },
          { key },
        ),
      setOverrides: (key) =>
        sut.gql(
          sdk.setOverrides([{ id: p.images[10]!.id, idType: 'ID', priority: 2 }]),
          { projectId: p.projectId },
          { key },
        ),
      setReviewStep: (key) =>
        sut.gql(queue.reviewStep, { data: { projectId: p.projectId, enabled: true } }, { key }),
      taskQueues: (key) => sut.gql(sdk.taskQueues, { projectId: p.projectId }, { key }),
    };

    for (const [operation, expected] of Object.entries(MATRIX)) {
      it(`${operation}: allowed and refused by role`, async () => {
        for (const [who, expect] of Object.entries(expected) as Array<[Who, Expect]>) {
          const res = await calls[operation]!(callers.get(who)!.key);
          const code = res.body.errors?.[0]?.extensions.code;
          if (expect === 'ok') {
            assert.equal(code, undefined, `${who} ${operation}: ${JSON.stringify(res.body.errors)}`);
            assert.notEqual(res.body.data, null);
          } else assert.equal(code, expect, `${who} ${operation}`);
        }
      });
    }

    it('a reservation answers only its holder; project-based users act on their own', async () => {
      const pl = callers.get('PROJECT_LABELER')!;
      const held = (
        await sut.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'LabelingQueue' } },
          { key: pl.key },
        )
      ).reserveNextDataRow;
      for (const who of ['ADMIN', 'LABELER', 'NONE'] as const) {
        const res = await sut.gql(
          queue.submit,
          { data: { reservationId: held.id, annotations: [box()], secondsToLabel: 1 } },
          { key: callers.get(who)!.key },
        );
        assert.equal(res.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR', who);
      }
      const done = await sut.data(
        queue.submit,
        { data: { reservationId: held.id, annotations: [box()], secondsToLabel: 1 } },
        { key: pl.key },
      );
      assert.ok(done.submitQueuedLabel.id, 'the holder submits');
      const reviewing = (
        await sut.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'ReviewQueue' } },
          { key: callers.get('PROJECT_REVIEWER')!.key },
        )
      ).reserveNextDataRow;
      const asLabeler = await sut.gql(
        queue.review,
        { data: { reservationId: reviewing.id, verdict: 'APPROVE' } },
        { key: pl.key },
      );
      assert.equal(asLabeler.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const ok = await sut.data(
        queue.review,
        { data: { reservationId: reviewing.id, verdict: 'APPROVE' } },
        { key: callers.get('PROJECT_REVIEWER')!.key },
      );
      assert.equal(ok.submitReview.verdict, 'APPROVE');
    });
  });
}
