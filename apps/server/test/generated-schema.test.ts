import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { renderSchemaFile } from '../src/graphql/render-schema.ts';

describe('generated api/schema.graphql', () => {
  it('matches the SDL it is generated from (run `npm run generate` after changing the schema)', () => {
    const committed = fs.readFileSync(
      path.resolve(import.meta.dirname, '../../../api/schema.graphql'),
      'utf8',
    );
    assert.equal(committed, renderSchemaFile());
  });
});
