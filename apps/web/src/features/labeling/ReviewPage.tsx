import type { NormalizedOntology } from '@labelyard/schema';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/api-context.tsx';
import { toApiError, useQuery } from '../../api/hooks.ts';
import type { ApiError } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/Feedback.tsx';
import { formatCount } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { ProjectWorkflowCountsQuery } from '../projects/projects.generated.ts';
import { LabelingProjectQuery, ReserveNextDataRowMutation } from './labeling.generated.ts';
import { editorOpens, NotInTheEditor } from './media-support.tsx';
import { QueueSession } from './queue-session.ts';
import type { Reservation } from './reservation.ts';
import { ReviewSession } from './ReviewSession.tsx';

/** The review queue: each label read-only with Approve / Reject; the next one preloads meanwhile. */
export default function ReviewPage() {
  const { projectId = '' } = useParams();
  const api = useApi();
  const project = useQuery(LabelingProjectQuery, { id: projectId });
  const session = useRef<QueueSession<Reservation> | null>(null);
  const [current, setCurrent] = useState<Reservation | null>(null);
  const [phase, setPhase] = useState<'idle' | 'loading' | 'reviewing' | 'done'>('idle');
  const [error, setError] = useState<ApiError>();
  const [last, setLast] = useState<string>();

  const run = async (step: (s: QueueSession<Reservation>) => Promise<Reservation | null>) => {
    setPhase('loading');
    setError(undefined);
    try {
      const s = session.current!;
      const r = await step(s);
      setCurrent(r);
      setPhase(r ? 'reviewing' : 'done');
      if (r) void s.preload().catch(() => undefined);
    } catch (e) {
      setError(toApiError(e));
      setPhase('idle');
    }
  };
  const start = () => {
    session.current = new QueueSession<Reservation>(
      async () =>
        (await api.request(ReserveNextDataRowMutation, { projectId, queueType: 'ReviewQueue' }))
          .reserveNextDataRow,
    );
    void run((s) => s.start());
  };

  const autoStarted = useRef(false);
  const ready =
    Boolean(project.data?.project?.ontology) && editorOpens(project.data?.project?.allowedMediaType);
  useEffect(() => {
    if (!ready || autoStarted.current) return;
    autoStarted.current = true;
    start();
  });

  if (project.loading && !project.data) return <Loading />;
  const p = project.data?.project;
  if (!p)
    return <ErrorMessage error={project.error ?? 'This project does not exist or is not shared with you'} />;
  const ontology = p.ontology?.normalized as NormalizedOntology | undefined;
  return (
    <Page title={`Review · ${p.name}`} actions={<Link to={`/projects/${p.id}`}>Back to the project</Link>}>
      <ErrorMessage error={error} />
      {last && phase !== 'reviewing' ? <Notice>{last}</Notice> : null}
      {!ontology ? <EmptyState title="This project has no ontology yet" /> : null}
      {ontology && p.allowedMediaType && !editorOpens(p.allowedMediaType) ? (
        <NotInTheEditor mediaType={p.allowedMediaType} task="review" />
      ) : null}
      {ontology && editorOpens(p.allowedMediaType) && phase === 'idle' ? (
        <Button variant="primary" onClick={start}>
          Start reviewing
        </Button>
      ) : null}
      {phase === 'loading' ? <Loading label="Reserving the next label" /> : null}
      {phase === 'done' ? <NothingToReview projectId={projectId} /> : null}
      {ontology && phase === 'reviewing' && current ? (
        <ReviewSession
          key={current.id}
          reservation={current}
          ontology={ontology}
          mediaType={p.allowedMediaType ?? null}
          onDone={(verdict) => {
            setLast(verdict === 'APPROVE' ? 'Label approved.' : 'Label sent back for rework.');
            void run((s) => s.advance());
          }}
        />
      ) : null}
    </Page>
  );
}

/**
 * The end of the review queue, saying why rows still in review were not offered: nobody reviews their own label, and
 * a row another reviewer holds waits for them.
 */
function NothingToReview({ projectId }: { projectId: string }) {
  const counts = useQuery(ProjectWorkflowCountsQuery, { id: projectId });
  const inReview =
    counts.data?.project?.workstreamStateCounts.find((c) => c.state === 'InReview')?.count ?? 0;
  return (
    <EmptyState title="Nothing left to review">
      {inReview > 0
        ? `${formatCount(inReview)} ${inReview === 1 ? 'row is' : 'rows are'} still in review: labels you submitted yourself go to another reviewer, and rows another reviewer has open wait for them.`
        : 'No labels are waiting for review in this project.'}
    </EmptyState>
  );
}
