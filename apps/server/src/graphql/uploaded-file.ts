/** A file part of a GraphQL multipart request, already written to the blob store by the HTTP layer. */
export class UploadedFile {
  constructor(
    /** Blob-store key of the stored bytes. */
    readonly key: string,
    /** The part's filename; never trusted for content (the Labelbox SDK swaps filename and content type). */
    readonly filename: string,
    readonly mimetype: string,
    readonly size: number,
  ) {}
}
