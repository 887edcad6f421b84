import fs from 'node:fs'; import path from 'node:path'; import os from 'node:os';
import SQLite from 'better-sqlite3';
import { connectSqlite } from '/work/main/apps/server/src/db/connect.ts';
import { migrateToLatest } from '/work/main/apps/server/src/db/migrate.ts';
import { newId } from '/work/main/apps/server/src/ids.ts';
import { DATA_ROW_COLUMNS } from '/work/main/apps/server/src/repositories/data-row.repository.ts';
import { multiRowInsertSql } from '/work/main/apps/server/src/repositories/bulk-insert.ts';
const N = 100_000, B = 1000;
async function fresh(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exp-'));
  const file = path.join(dir, name + '.db');
  const h = connectSqlite(file); await migrateToLatest(h.db);
  await h.db.insertInto('organizations').values({id:'o',name:'o',created_at:'x',updated_at:'x'}).execute();
  await h.db.insertInto('users').values({id:'u',organization_id:'o',email:'e@x',name:'n',nickname:null,role:'ADMIN',timezone:null,created_at:'x',updated_at:'x',deleted:0}).execute();
  await h.db.insertInto('datasets').values({id:'d',organization_id:'o',name:'d',description:'',row_count:0,created_by:'u',created_at:'x',updated_at:'x',deleted:0}).execute();
  await h.close();
  const db = new SQLite(file);
  for (const p of ['journal_mode = WAL','synchronous = NORMAL','foreign_keys = ON','cache_size = -65536']) db.pragma(p);
  return db;
}
const rows = (s: number) => { const out: unknown[][] = []; for (let i = s; i < s + B; i++) out.push([newId(),'o','d',`https://storage.example.com/datasets/bench/images/${i}.jpg`,`ext-${i}`,`gk-${i}`,null,null,null,'u','2024-01-01T00:00:00.000Z','2024-01-01T00:00:00.000Z']); return out; };
const cols = DATA_ROW_COLUMNS.join(',');
async function run(label: string, fn: (db: SQLite.Database) => (batch: unknown[][]) => void) {
  const db = await fresh(label); const ins = fn(db); let ms = 0;
  for (let s = 0; s < N; s += B) { const b = rows(s); const t = performance.now(); ins(b); ms += performance.now() - t; }
  console.log(label.padEnd(30), Math.round(N / ms * 1000), 'rows/s'); db.close();
}
console.log((await fresh('v')).prepare('select sqlite_version() v').get());
const sel = (src: string) => `insert into data_rows (${cols}) select ${DATA_ROW_COLUMNS.map((_, i) => `value ->> ${i}`).join(',')} from json_each(${src}) where true on conflict (organization_id, global_key) do nothing`;
for (let rep = 0; rep < 2; rep++) {
await run('raw single prepared', (db) => { const st = db.prepare(`insert into data_rows (${cols}) values (${DATA_ROW_COLUMNS.map(()=> '?').join(',')})`); return db.transaction((b: unknown[][]) => { for (const r of b) st.run(r); }); });
await run('json_each text', (db) => { const st = db.prepare(sel('?')); return db.transaction((b: unknown[][]) => { st.run(JSON.stringify(b)); }); });
await run('json_each jsonb', (db) => { const st = db.prepare(sel('jsonb(?)')); return db.transaction((b: unknown[][]) => { st.run(JSON.stringify(b)); }); });
await run('json_each rows jsonb', (db) => { const st = db.prepare(`insert into data_rows (${cols}) select ${DATA_ROW_COLUMNS.map((_, i) => `r ->> ${i}`).join(',')} from (select jsonb(value) r from json_each(?)) where true on conflict (organization_id, global_key) do nothing`); return db.transaction((b: unknown[][]) => { st.run(JSON.stringify(b)); }); });
await run('multi-row cached 100', (db) => { const st = db.prepare(multiRowInsertSql('sqlite','data_rows',DATA_ROW_COLUMNS,100, 'on conflict (organization_id, global_key) do nothing')); return db.transaction((b: unknown[][]) => { for (let i = 0; i < b.length; i += 100) st.run(b.slice(i, i+100).flat()); }); });
}
