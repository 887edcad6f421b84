import { BarChart } from '../../components/BarChart.tsx';
import { formatCount } from '../../components/format.ts';
import { Section } from '../../components/Page.tsx';
import type { ProjectDetailQuery } from './projects.generated.ts';

type Project = NonNullable<ProjectDetailQuery['project']>;

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="ly-stat">
      <div className="ly-stat__value">{formatCount(value)}</div>
      <div className="ly-stat__label">{label}</div>
    </div>
  );
}

/** Counts of the project's work, and charts of where rows are. */
export function ProjectOverview({ project }: { project: Project }) {
  const unlabeled = Math.max(0, project.dataRowCount - project.labelCount);
  return (
    <>
      <div className="ly-stats" aria-label="Project counts" role="group">
        <Stat label="Data rows" value={project.dataRowCount} />
        <Stat label="Labels" value={project.labelCount} />
      </div>
      <Section title="Progress">
        <BarChart
          label="Data rows by state"
          format={formatCount}
          rows={[
            { name: 'Labeled', value: project.labelCount },
            { name: 'Not labeled yet', value: unlabeled },
          ]}
        />
      </Section>
    </>
  );
}
