/** Where media uploaded through a Label Studio import are kept, and the names they are served under. */
/** The blob key of `/data/upload/<project>/<name>`. */
export const uploadKey = (organizationId: string, projectLsId: number, name: string) =>
  `${organizationId}/ls-uploads/${projectLsId}/${name}`;

/** A served upload name: Label Studio's `<8 hex>-<file name>`, in characters safe in a URL and a blob key. */
export const UPLOAD_NAME = /^[0-9a-f]{8}-[A-Za-z0-9._-]{1,120}$/;
