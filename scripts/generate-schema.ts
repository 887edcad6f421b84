// Writes api/schema.graphql from the server's SDL files, api/openapi.json from the REST operations table, then the web app's typed GraphQL documents from it;
// `--check` fails if a committed file is stale.
import fs from 'node:fs';
import path from 'node:path';
import { renderSchemaFile } from '../apps/server/src/graphql/render-schema.ts';
import { renderOpenApi } from '../apps/server/src/rest/openapi/render-openapi.ts';
import { renderWebOperations } from './web-operations.ts';

const root = path.resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const schemaPath = path.join(root, 'api/schema.graphql');
const outputs = new Map<string, string>([[schemaPath, renderSchemaFile()]]);
if (!check) fs.writeFileSync(schemaPath, outputs.get(schemaPath)!);
outputs.set(path.join(root, 'api/openapi.json'), renderOpenApi());
for (const [file, text] of renderWebOperations(root)) outputs.set(file, text);

let stale = 0;
for (const [file, text] of outputs) {
  const where = path.relative(root, file);
  if (check) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== text) {
      console.error(`${where} is out of date: run \`npm run generate\``);
      stale++;
    }
  } else if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
    fs.writeFileSync(file, text);
    console.log(`wrote ${where}`);
  }
}
if (check && stale > 0) process.exit(1);
if (check) console.log(`${outputs.size} generated files are up to date`);
