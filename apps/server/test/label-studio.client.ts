import type { TestServer } from './harness.ts';

/** One Label Studio face request with the server's key as a legacy token; a JSON body when given. */
export async function lsCall(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      authorization: `Token ${server.key}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** A project config with one image and a `Cat` rectangle control (`label` → `image`). */
export const CAT_BOX_CONFIG = `<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Cat"/></RectangleLabels></View>`;

/** A `Cat` rectangle result of CAT_BOX_CONFIG at `x` percent, on a 200 × 100 image. */
export const catBox = (x: number) => ({
  from_name: 'label',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 200,
  original_height: 100,
  value: { x, y: 10, width: 20, height: 30, rotation: 0, rectanglelabels: ['Cat'] },
});
