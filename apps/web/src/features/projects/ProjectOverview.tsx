import { useQuery } from '../../api/hooks.ts';
import { projectPermissions } from '../../auth/session-context.tsx';
import { BarChart } from '../../components/BarChart.tsx';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { formatCount } from '../../components/format.ts';
import { Section } from '../../components/Page.tsx';
import { agreementRows, paceRows, queueRows, throughputRows } from './overview-charts.ts';
import {
  ProjectLabelerPerformanceQuery,
  ProjectWorkflowCountsQuery,
  type ProjectDetailQuery,
} from './projects.generated.ts';

type Project = NonNullable<ProjectDetailQuery['project']>;

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="ly-stat">
      <div className="ly-stat__value">{formatCount(value)}</div>
      <div className="ly-stat__label">{label}</div>
    </div>
  );
}

const percent = (n: number) => `${n.toFixed(1)} %`;
const seconds = (n: number) => `${n.toFixed(1)} s`;

/**
 * Counts of the project's work: rows per task queue (the live workflow state), and for reviewers and managers
 * each labeler's throughput, pace and agreement (consensus and benchmark scores).
 */
export function ProjectOverview({ project }: { project: Project }) {
  const can = projectPermissions(project.viewerRole);
  const queues = useQuery(ProjectWorkflowCountsQuery, { id: project.id });
  const counts = queues.data?.project?.workstreamStateCounts ?? [];
  const skipped = counts.find((c) => c.state === 'Skipped')?.count ?? 0;
  return (
    <>
      <div className="ly-stats" aria-label="Project counts" role="group">
        <Stat label="Data rows" value={project.dataRowCount} />
        <Stat label="Labels" value={project.labelCount} />
        <Stat label="Skipped" value={skipped} />
      </div>
      <Section title="Task queues">
        {queues.loading && !queues.data ? <Loading /> : null}
        <ErrorMessage error={queues.error} />
        {queues.data ? (
          <BarChart label="Data rows by task queue" format={formatCount} rows={queueRows(counts)} />
        ) : null}
      </Section>
      {can.review ? <LabelerCharts projectId={project.id} /> : null}
    </>
  );
}

function LabelerCharts({ projectId }: { projectId: string }) {
  const perf = useQuery(ProjectLabelerPerformanceQuery, { id: projectId });
  if (perf.loading && !perf.data) return <Loading />;
  if (perf.error) return <ErrorMessage error={perf.error} />;
  const rows = perf.data?.project?.labelerPerformance ?? [];
  if (rows.length === 0)
    return (
      <Section title="Labelers">
        <p className="ly-muted">No labels submitted yet.</p>
      </Section>
    );
  const consensus = agreementRows(rows, 'consensus');
  const benchmark = agreementRows(rows, 'benchmark');
  return (
    <>
      <Section title="Throughput">
        <h3>Labels submitted</h3>
        <BarChart label="Labels per labeler" format={formatCount} rows={throughputRows(rows)} />
        <h3>Seconds per label</h3>
        <BarChart label="Seconds per label" format={seconds} rows={paceRows(rows)} />
      </Section>
      <Section title="Agreement">
        {consensus.length === 0 && benchmark.length === 0 ? (
          <p className="ly-muted">
            No agreement scores yet: they come from consensus rows (several labelers per row) and benchmarks.
          </p>
        ) : null}
        {consensus.length > 0 ? <h3>Consensus (against the other labels of the same rows)</h3> : null}
        {consensus.length > 0 ? (
          <BarChart label="Consensus agreement per labeler" format={percent} rows={consensus} />
        ) : null}
        {benchmark.length > 0 ? <h3>Benchmark (against the benchmark label)</h3> : null}
        {benchmark.length > 0 ? (
          <BarChart label="Benchmark agreement per labeler" format={percent} rows={benchmark} />
        ) : null}
      </Section>
    </>
  );
}
