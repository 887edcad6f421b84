import { useQuery } from '../../api/hooks.ts';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { ProjectInstructionsQuery } from './projects.generated.ts';

/** The instructions as labelers read them: Markdown through the sanitizer. */
export function InstructionsContent({ markdown, compact }: { markdown: string | null; compact?: boolean }) {
  if (!markdown)
    return compact ? <p>No instructions for this project.</p> : <EmptyState title="No instructions yet" />;
  return (
    <div className="ly-instructions">
      <Markdown source={markdown} label="Instructions" />
    </div>
  );
}

/** Loads and shows a project's instructions (the project page and beside the label editor). */
export function InstructionsView({ projectId }: { projectId: string }) {
  const { data, error, loading } = useQuery(ProjectInstructionsQuery, { id: projectId });
  if (loading && !data) return <Loading label="Loading instructions" />;
  if (error) return <ErrorMessage error={error} />;
  return <InstructionsContent markdown={data?.project?.instructionsMarkdown ?? null} />;
}
