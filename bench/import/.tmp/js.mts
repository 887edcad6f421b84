import { parseItem } from '/work/main/apps/server/src/services/data-row-descriptor.parser.ts';
import { MetadataIndex } from '/work/main/apps/server/src/services/metadata.values.ts';
import { newId } from '/work/main/apps/server/src/ids.ts';
const N = 100_000;
const items = []; for (let i = 0; i < N; i++) items.push({ id: { type: 'AUTO', value: '' }, payload: { row_data: `https://storage.example.com/datasets/bench/images/${i}.jpg`, global_key: `gk-${i}`, external_id: `ext-${i}`, dataset_id: 'cdatasetxxxxxxxxxxxxxxxxx' } });
const text = JSON.stringify(items);
const idx = new MetadataIndex([]);
for (let r = 0; r < 3; r++) {
let t = performance.now(); const parsed = JSON.parse(text); const tp = performance.now() - t;
t = performance.now(); const ps = parsed.map((x: unknown) => parseItem(x, idx)); const tv = performance.now() - t;
t = performance.now(); const tuples = ps.map((p: any) => [newId(), 'org', p.fields.datasetId, p.fields.rowData, p.fields.externalId ?? null, p.fields.globalKey ?? null, null, null, null, 'user', 'now', 'now']); const tb = performance.now() - t;
t = performance.now(); for (let i = 0; i < N; i += 1000) JSON.stringify(tuples.slice(i, i + 1000)); const ts = performance.now() - t;
console.log({ mb: (text.length/1e6).toFixed(1), parseMs: tp.toFixed(0), validateMs: tv.toFixed(0), buildMs: tb.toFixed(0), stringifyMs: ts.toFixed(0) });
}
