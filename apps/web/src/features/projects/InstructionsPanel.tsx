import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../../api/hooks.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Loading, Notice } from '../../components/Feedback.tsx';
import { TextArea } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { Section } from '../../components/Page.tsx';
import { InstructionsContent } from './InstructionsView.tsx';
import { ProjectInstructionsQuery, SetProjectInstructionsMarkdownMutation } from './projects.generated.ts';

/** Managers write Markdown instructions with a live preview; everyone else reads them. */
export function InstructionsPanel({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const { data, error, loading } = useQuery(ProjectInstructionsQuery, { id: projectId });
  const [save, saving] = useMutation(SetProjectInstructionsMarkdownMutation);
  const [draft, setDraft] = useState<string>();
  const [saved, setSaved] = useState(false);
  if (loading && !data) return <Loading />;
  const stored = data?.project?.instructionsMarkdown ?? null;
  if (!canEdit) return <InstructionsContent markdown={stored} />;
  const text = draft ?? stored ?? '';
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const markdown = formText(new FormData(event.currentTarget), 'markdown');
    const ok = await save({ id: projectId, markdown }).then(
      () => true,
      () => false,
    );
    setSaved(ok);
  };
  return (
    <div className="ly-split">
      <form onSubmit={(e) => void submit(e)} aria-label="Edit instructions">
        <TextArea
          label="Instructions (Markdown)"
          name="markdown"
          rows={14}
          maxLength={100_000}
          value={text}
          onChange={(e) => {
            setDraft(e.target.value);
            setSaved(false);
          }}
        />
        <ErrorMessage error={error ?? saving.error} />
        {saved ? <Notice>Instructions saved.</Notice> : null}
        <Button type="submit" variant="primary" busy={saving.running}>
          Save instructions
        </Button>
      </form>
      <Section title="Preview">
        <InstructionsContent markdown={text || null} />
      </Section>
    </div>
  );
}
