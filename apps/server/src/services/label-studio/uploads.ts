import { taskTag } from './task-tag.ts';

/** Where files uploaded through a Label Studio import are kept, and the names they are served under. */
/** The blob key of `/data/upload/<project>/<name>`. */
export const uploadKey = (organizationId: string, projectLsId: number, name: string) =>
  `${organizationId}/ls-uploads/${projectLsId}/${name}`;

/** A served upload name: Label Studio's `<8 hex>-<file name>`, in characters safe in a URL and a blob key. */
export const UPLOAD_NAME = /^[0-9a-f]{8}-[A-Za-z0-9._-]{1,120}$/;

/** How an uploaded file becomes tasks: a list of tasks (task files) or one task pointing at it (media). */
export type UploadKind = 'json' | 'csv' | 'tsv' | 'txt' | 'media';
export type UploadMedia = 'image' | 'audio' | 'video' | 'text';

/**
 * A file an import stored (Label Studio's FileUpload): kept in the blob store under its served name. `id` is set
 * when the import's transaction records it (an `ls_refs` row of kind `file_upload`).
 */
export type UploadedFile = {
  kind: UploadKind;
  /** The name the client sent. */
  name: string;
  /** `<uuid8>-<safe name>`, served at `/data/upload/<project>/<served>`. */
  served: string;
  key: string;
  url: string;
  media: UploadMedia;
  size: number;
  id?: number;
};

/** What an upload's `ls_refs.data` keeps (its served name is the ref's `ref_id`). */
export type StoredUpload = Omit<UploadedFile, 'served' | 'url' | 'id'> & { userId: string };

export const storedUpload = (file: UploadedFile, userId: string): StoredUpload => ({
  kind: file.kind,
  name: file.name,
  key: file.key,
  media: file.media,
  size: file.size,
  userId,
});

/** The upload a task was made from. */
const fromUpload = taskTag<number>('file upload');

export const tagUpload = <T>(item: T, file: UploadedFile): T =>
  file.id === undefined ? item : fromUpload.set(item, file.id);

export const uploadOf = (item: unknown): number | null => fromUpload.of(item) ?? null;
