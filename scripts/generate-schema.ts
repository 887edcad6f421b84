// Writes api/schema.graphql from the server's SDL files; `--check` fails if the committed file is stale.
import fs from 'node:fs';
import path from 'node:path';
import { renderSchemaFile } from '../apps/server/src/graphql/render-schema.ts';

const target = path.resolve(import.meta.dirname, '../api/schema.graphql');
const text = renderSchemaFile();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('api/schema.graphql is out of date: run `npm run generate`');
    process.exit(1);
  }
  console.log('api/schema.graphql is up to date');
} else {
  fs.writeFileSync(target, text);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
