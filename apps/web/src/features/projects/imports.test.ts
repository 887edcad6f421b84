import { describe, expect, it } from 'vitest';
import { parseImportErrors } from './ImportsPanel.tsx';

describe('parseImportErrors', () => {
  it('lists each failed line with its annotation and messages', () => {
    const sut = parseImportErrors(
      '{"uuid":"a1","errors":[{"message":"bbox.width must be positive"}]}\nnot json\n{"uuid":"b2","errors":["unknown schemaId"]}\n',
    );
    expect(sut).toEqual([
      { line: 1, uuid: 'a1', messages: ['bbox.width must be positive'] },
      { line: 2, uuid: '—', messages: ['not json'] },
      { line: 3, uuid: 'b2', messages: ['unknown schemaId'] },
    ]);
  });
});
