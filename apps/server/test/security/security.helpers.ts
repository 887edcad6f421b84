import type { TestServer } from '../harness.ts';

/** Posts a GraphQL multipart request with the given `operations`, `map` and file parts (raw JSON texts allowed). */
export async function postMultipart(
  sut: TestServer,
  parts: {
    operations: unknown;
    map: unknown;
    files?: Array<{ field: string; bytes: Uint8Array | string; filename?: string }>;
  },
  key: string | null = sut.key,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  form.append('operations', text(parts.operations));
  form.append('map', text(parts.map));
  for (const file of parts.files ?? []) {
    const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
    form.append(file.field, new Blob([bytes]), file.filename ?? 'f.json');
  }
  const res = await fetch(`${sut.url}/graphql`, {
    method: 'POST',
    headers: key ? { authorization: `Bearer ${key}` } : {},
    body: form,
  });
  const raw = await res.text();
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, body };
}

export const UPLOAD_FILE =
  'mutation UploadFile($file: Upload!, $contentLength: Int!, $sign: Boolean) { uploadFile(file: $file, contentLength: $contentLength, sign: $sign) {url filename} }';

/** Every file under `dir`, recursively (for "nothing was left behind" checks). */
export async function filesUnder(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => `${e.parentPath}/${e.name}`);
  } catch {
    return [];
  }
}
