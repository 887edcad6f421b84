import type { NormalizedOntology } from '@labelyard/schema';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/api-context.tsx';
import { toApiError, useQuery } from '../../api/hooks.ts';
import type { ApiError } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/Feedback.tsx';
import { Page } from '../../components/Page.tsx';
import {
  ExtendReservationsMutation,
  LabelingProjectQuery,
  ReserveNextDataRowMutation,
} from './labeling.generated.ts';
import { LabelSession } from './LabelSession.tsx';
import { editorOpens, NotInTheEditor } from './media-support.tsx';
import { QueueSession } from './queue-session.ts';
import type { Reservation } from './reservation.ts';
import { loadImage } from './use-row-editor.ts';

const EXTEND_EVERY_MS = 120_000;

/** The labeling queue: Start labeling opens the next reserved row, the one after it preloads meanwhile. */
export default function LabelPage() {
  const { projectId = '' } = useParams();
  const api = useApi();
  const project = useQuery(LabelingProjectQuery, { id: projectId });
  const session = useRef<QueueSession<Reservation> | null>(null);
  const [current, setCurrent] = useState<Reservation | null>(null);
  const [phase, setPhase] = useState<'idle' | 'loading' | 'labeling' | 'done'>('idle');
  const [error, setError] = useState<ApiError>();
  const [last, setLast] = useState<string>();

  const preload = () => {
    const s = session.current;
    void s
      ?.preload()
      .then((next) => {
        if (next?.dataRow.rowData && project.data?.project?.allowedMediaType !== 'TEXT')
          loadImage(next.dataRow.rowData).catch(() => undefined);
      })
      .catch(() => undefined);
  };
  const show = (r: Reservation | null) => {
    setCurrent(r);
    setPhase(r ? 'labeling' : 'done');
    if (r) preload();
  };
  const start = async () => {
    setPhase('loading');
    setError(undefined);
    const s = new QueueSession<Reservation>(async () => {
      const r = await api.request(ReserveNextDataRowMutation, { projectId, queueType: 'LabelingQueue' });
      return r.reserveNextDataRow;
    });
    session.current = s;
    try {
      show(await s.start());
    } catch (e) {
      setError(toApiError(e));
      setPhase('idle');
    }
  };
  const advance = async (outcome: 'submitted' | 'skipped') => {
    setLast(outcome === 'submitted' ? 'Label submitted.' : 'Row skipped.');
    setPhase('loading');
    try {
      show((await session.current?.advance()) ?? null);
    } catch (e) {
      setError(toApiError(e));
      setPhase('idle');
    }
  };

  // Opening the page is "Start labeling": the next row (or the one already held, after a reload) opens at once.
  const autoStarted = useRef(false);
  const ready =
    Boolean(project.data?.project?.ontology) && editorOpens(project.data?.project?.allowedMediaType);
  useEffect(() => {
    if (!ready || autoStarted.current) return;
    autoStarted.current = true;
    void start();
  });

  useEffect(() => {
    if (phase !== 'labeling') return undefined;
    const id = setInterval(() => {
      void api
        .request(ExtendReservationsMutation, { projectId, queueType: 'LabelingQueue' })
        .catch(() => undefined);
    }, EXTEND_EVERY_MS);
    return () => clearInterval(id);
  }, [api, phase, projectId]);

  if (project.loading && !project.data) return <Loading />;
  const p = project.data?.project;
  if (!p)
    return <ErrorMessage error={project.error ?? 'This project does not exist or is not shared with you'} />;
  const ontology = p.ontology?.normalized as NormalizedOntology | undefined;
  return (
    <Page title={`Label · ${p.name}`} actions={<Link to={`/projects/${p.id}`}>Back to the project</Link>}>
      <ErrorMessage error={error} />
      {last && phase !== 'labeling' ? <Notice>{last}</Notice> : null}
      {!ontology ? <EmptyState title="This project has no ontology yet" /> : null}
      {ontology && p.allowedMediaType && !editorOpens(p.allowedMediaType) ? (
        <NotInTheEditor mediaType={p.allowedMediaType} task="label" />
      ) : null}
      {ontology && editorOpens(p.allowedMediaType) && phase === 'idle' ? (
        <Button variant="primary" onClick={() => void start()}>
          Start labeling
        </Button>
      ) : null}
      {phase === 'loading' ? <Loading label="Reserving the next row" /> : null}
      {phase === 'done' ? (
        <EmptyState title="Nothing left to label">
          Every row you can label in this project is done.
        </EmptyState>
      ) : null}
      {ontology && phase === 'labeling' && current ? (
        <LabelSession
          key={current.id}
          reservation={current}
          ontology={ontology}
          mediaType={p.allowedMediaType ?? null}
          instructions={p.instructionsMarkdown ?? null}
          instructionsFile={p.instructionsUrl ?? null}
          onDone={(o) => void advance(o)}
        />
      ) : null}
    </Page>
  );
}
