import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { annotationErrorsOf, startingAnnotations } from './annotation-errors.ts';

describe('annotationErrorsOf', () => {
  it('groups the server errors of a refused submission by annotation uuid', () => {
    const error = new ApiError(200, [
      {
        message: 'Invalid data.annotations: annotation b-1: bbox.width must be positive',
        extensions: {
          code: 'MALFORMED_REQUEST',
          details: {
            annotationErrors: [
              { index: 0, uuid: 'b-1', path: 'bbox.width', message: 'must be positive' },
              { index: 0, uuid: 'b-1', path: 'bbox.height', message: 'must be positive' },
              { index: 2, path: 'name', message: 'unknown feature' },
            ],
          },
        },
      },
    ]);
    const sut = annotationErrorsOf(error);
    expect(sut.get('b-1')).toEqual([
      { path: 'bbox.width', message: 'must be positive' },
      { path: 'bbox.height', message: 'must be positive' },
    ]);
    expect(sut.get('#2')).toEqual([{ path: 'name', message: 'unknown feature' }]);
  });

  it('is empty for errors without annotation details', () => {
    expect(annotationErrorsOf(new ApiError(500, [{ message: 'boom' }])).size).toBe(0);
  });
});

describe('startingAnnotations', () => {
  const label = { annotations: [{ uuid: 'l' }] };
  it('prefers the draft, then the label in review or rework, then pre-labels', () => {
    expect(startingAnnotations({ draft: [{ uuid: 'd' }], label, preLabels: [{ uuid: 'p' }] }).source).toBe(
      'draft',
    );
    expect(startingAnnotations({ draft: null, label, preLabels: [{ uuid: 'p' }] }).source).toBe('label');
    expect(startingAnnotations({ draft: null, label: null, preLabels: [{ uuid: 'p' }] }).lines).toEqual([
      { uuid: 'p' },
    ]);
    expect(startingAnnotations({ draft: null, label: null, preLabels: [] }).source).toBe('none');
  });
});
