import { createdTask, gql, type SdkClient } from '../lib/labelbox-wire.ts';

/**
 * `dataset.upsert_data_rows(items)` over HTTP as the Labelbox SDK does it: descriptor chunk and manifest uploaded
 * with `uploadFile` (GraphQL multipart), `upsertDataRows`, then the task polled through `user.createdTasks` until
 * it is COMPLETE.
 */
const UPLOAD_FILE =
  'mutation UploadFile($file: Upload!, $contentLength: Int!, $sign: Boolean) { uploadFile(file: $file, contentLength: $contentLength, sign: $sign) {url filename} }';
const UPSERT =
  'mutation UpsertDataRowsPyApi($manifestUri: String!) { upsertDataRows(data: { manifestUri: $manifestUri }) { id status } }';

async function upload(c: SdkClient, text: string, filename: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({
      query: UPLOAD_FILE,
      variables: { file: null, contentLength: bytes.length, sign: false },
    }),
  );
  form.append('map', JSON.stringify({ '1': ['variables.file'] }));
  form.append('1', new Blob([bytes], { type: 'application/json' }), filename);
  const res = await fetch(`${c.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.key}` },
    body: form,
  });
  const body = (await res.json()) as { data?: { uploadFile?: { url: string } } };
  if (!body.data?.uploadFile?.url) throw new Error(`uploadFile failed: ${JSON.stringify(body)}`);
  return body.data.uploadFile.url;
}

/** Uploads the chunks (JSON arrays of descriptors), starts the upsert and waits for COMPLETE. */
export async function sdkUpsert(c: SdkClient, chunks: readonly string[], itemCount: number): Promise<void> {
  const chunkUris: string[] = [];
  for (const chunk of chunks) chunkUris.push(await upload(c, chunk, 'json_import.json'));
  const manifest = JSON.stringify({ source: 'SDK', item_count: itemCount, chunk_uris: chunkUris });
  const manifestUri = await upload(c, manifest, 'manifest.json');
  const { upsertDataRows: task } = await gql<{ upsertDataRows: { id: string; status: string } }>(c, UPSERT, {
    manifestUri,
  });
  let status = task.status;
  while (status !== 'COMPLETE') {
    if (status === 'FAILED') throw new Error(`upsert task ${task.id} FAILED`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    status = (await createdTask(c, task.id))?.status ?? 'FAILED';
  }
}
