import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { toApiError, useMutation, useQuery } from '../../api/hooks.ts';
import type { ApiError } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Loading, Notice } from '../../components/Feedback.tsx';
import { TextArea, TextField } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { Section } from '../../components/Page.tsx';
import { UploadFileMutation } from '../datasets/datasets.generated.ts';
import { InstructionsContent } from './InstructionsView.tsx';
import {
  ProjectInstructionsQuery,
  SetProjectInstructionsFileMutation,
  SetProjectInstructionsMarkdownMutation,
} from './projects.generated.ts';

/** Managers write Markdown instructions with a live preview; everyone else reads them. */
export function InstructionsPanel({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const api = useApi();
  const { data, error, loading, refetch } = useQuery(ProjectInstructionsQuery, { id: projectId });
  const [fileError, setFileError] = useState<ApiError>();
  const [save, saving] = useMutation(SetProjectInstructionsMarkdownMutation);
  const [draft, setDraft] = useState<string>();
  const [saved, setSaved] = useState(false);
  if (loading && !data) return <Loading />;
  const stored = data?.project?.instructionsMarkdown ?? null;
  const fileUrl = data?.project?.instructionsUrl ?? null;
  if (!canEdit) return <InstructionsContent markdown={stored} fileUrl={fileUrl} />;
  const text = draft ?? stored ?? '';
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const markdown = formText(form, 'markdown');
    const file = form.get('attachment');
    setFileError(undefined);
    if (file instanceof File && file.size > 0) {
      try {
        const uploaded = await api.upload(UploadFileMutation, { contentLength: file.size }, 'file', file);
        await api.request(SetProjectInstructionsFileMutation, {
          id: projectId,
          url: uploaded.uploadFile.url,
        });
      } catch (e) {
        setFileError(toApiError(e));
        return;
      }
    }
    const ok = await save({ id: projectId, markdown }).then(
      () => true,
      () => false,
    );
    setSaved(ok);
    refetch();
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
        <TextField
          label="Attach a PDF or HTML file"
          name="attachment"
          type="file"
          accept=".pdf,.html,application/pdf,text/html"
          hint={fileUrl ? 'A file is attached; a new one replaces it.' : undefined}
        />
        <ErrorMessage error={error ?? fileError ?? saving.error} />
        {saved ? <Notice>Instructions saved.</Notice> : null}
        <Button type="submit" variant="primary" busy={saving.running}>
          Save instructions
        </Button>
      </form>
      <Section title="Preview">
        <InstructionsContent markdown={text || null} fileUrl={fileUrl} />
      </Section>
    </div>
  );
}
