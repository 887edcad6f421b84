import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '../../api/hooks.ts';
import { projectPermissions, usePermissions } from '../../auth/session-context.tsx';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Page } from '../../components/Page.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { BatchesPanel } from './BatchesPanel.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { ImportsPanel } from './ImportsPanel.tsx';
import { InstructionsPanel } from './InstructionsPanel.tsx';
import { ProjectOverview } from './ProjectOverview.tsx';
import { ProjectDetailQuery } from './projects.generated.ts';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'instructions', label: 'Instructions' },
  { id: 'batches', label: 'Batches' },
  { id: 'export', label: 'Export' },
  { id: 'imports', label: 'Imports' },
] as const;

export default function ProjectPage() {
  const { projectId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const org = usePermissions();
  const { data, error, loading, refetch } = useQuery(ProjectDetailQuery, { id: projectId });
  if (loading && !data) return <Loading />;
  const project = data?.project;
  if (!project) {
    const missing = !error || error.code === 'RESOURCE_NOT_FOUND';
    return <ErrorMessage error={missing ? 'This project does not exist or is not shared with you' : error} />;
  }
  // Review and charts follow the role in this project; the setup tabs need the catalog, so the org role.
  const can = projectPermissions(project.viewerRole);
  const tabs = org.manageProjects ? TABS : TABS.filter((t) => t.id === 'overview' || t.id === 'instructions');
  const tab = tabs.find((t) => t.id === params.get('tab'))?.id ?? 'overview';
  return (
    <Page
      title={project.name}
      actions={
        <>
          <Link className="ly-button ly-button--primary" to={`/projects/${project.id}/label`}>
            Start labeling
          </Link>
          {can.review ? (
            <Link className="ly-button" to={`/projects/${project.id}/review`}>
              Start reviewing
            </Link>
          ) : null}
        </>
      }
    >
      <p className="ly-muted">
        {project.allowedMediaType ?? 'Any media'} · ontology{' '}
        {project.ontology ? (
          <Link to={`/ontologies/${project.ontology.id}`}>{project.ontology.name}</Link>
        ) : (
          'not connected'
        )}
        {project.description ? ` · ${project.description}` : ''}
      </p>
      <Tabs
        label="Project sections"
        tabs={tabs}
        selected={tab}
        onSelect={(id) => setParams({ tab: id }, { replace: true })}
      >
        {tab === 'overview' ? <ProjectOverview project={project} /> : null}
        {tab === 'instructions' ? (
          <InstructionsPanel projectId={project.id} canEdit={can.manageProjects} />
        ) : null}
        {tab === 'batches' ? <BatchesPanel projectId={project.id} onChanged={refetch} /> : null}
        {tab === 'export' ? <ExportPanel projectId={project.id} projectName={project.name} /> : null}
        {tab === 'imports' ? <ImportsPanel projectId={project.id} /> : null}
      </Tabs>
    </Page>
  );
}
