import { useQuery } from '../../api/hooks.ts';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { ProjectInstructionsQuery } from './projects.generated.ts';

/** The attached file's link: only http(s) or this server's paths (the server signs its own). */
const safeHref = (url: string | null | undefined) =>
  url && (/^https?:\/\//i.test(url) || (url.startsWith('/') && !url.startsWith('//'))) ? url : undefined;

/** The instructions as labelers read them: Markdown through the sanitizer, and the attached PDF or HTML file. */
export function InstructionsContent({
  markdown,
  fileUrl,
  compact,
}: {
  markdown: string | null;
  fileUrl?: string | null;
  compact?: boolean;
}) {
  const href = safeHref(fileUrl);
  if (!markdown && !href) {
    return compact ? <p>No instructions for this project.</p> : <EmptyState title="No instructions yet" />;
  }
  return (
    <div className="ly-instructions">
      {markdown ? <Markdown source={markdown} label="Instructions" /> : null}
      {href ? (
        <p>
          <a href={href} target="_blank" rel="noopener noreferrer">
            Open the attached instructions
          </a>
        </p>
      ) : null}
    </div>
  );
}

/** Loads and shows a project's instructions (the project page and beside the label editor). */
export function InstructionsView({ projectId }: { projectId: string }) {
  const { data, error, loading } = useQuery(ProjectInstructionsQuery, { id: projectId });
  if (loading && !data) return <Loading label="Loading instructions" />;
  if (error) return <ErrorMessage error={error} />;
  return (
    <InstructionsContent
      markdown={data?.project?.instructionsMarkdown ?? null}
      fileUrl={data?.project?.instructionsUrl ?? null}
    />
  );
}
