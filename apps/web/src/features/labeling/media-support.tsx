import { EmptyState } from '../../components/Feedback.tsx';

const OPENS = new Set(['IMAGE', 'TEXT', 'VIDEO', 'CONVERSATIONAL']);

/**
 * The media types the web editors open: images, text, video and conversations (a project without a media type
 * shows images).
 */
export function editorOpens(mediaType: string | null | undefined): boolean {
  return mediaType === null || mediaType === undefined || OPENS.has(mediaType);
}

/**
 * What the label and review pages show for a project of another media type, instead of reserving a row the editor
 * cannot open (it would hold the row until the reservation expires).
 */
export function NotInTheEditor({ mediaType, task }: { mediaType: string; task: 'label' | 'review' }) {
  return (
    <EmptyState title={`The web editor does not ${task} ${mediaType} rows yet`}>
      It opens images, text, video and conversations. Label this project through the API: Labelbox label
      imports (<code>LabelImport</code>, <code>MALPredictionImport</code>) or Label Studio task imports with
      annotations; their exports work as for any project.
    </EmptyState>
  );
}
