import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadNdjson, replaceWithNdjson, toNdjson } from '../src/index.ts';
import { TestEditor } from './test-editor.ts';

const box = (uuid: string, left: number) => ({
  uuid,
  name: 'Car',
  bbox: { top: 10, left, height: 20, width: 30 },
});

describe("a reviewer's restored draft", () => {
  it('lays the draft over the label as one undoable step; undoing it brings back the label as submitted', () => {
    const sut = new TestEditor();
    assert.deepEqual(loadNdjson(sut, [box('kept', 10), box('moved', 100), box('deleted', 200)]), []);
    assert.equal(sut.canUndo, false, 'loading the label is not undoable');
    const submitted = toNdjson(sut);

    const problems = replaceWithNdjson(sut, [
      box('kept', 10),
      box('moved', 150),
      box('added', 300),
      { bad: 1 },
    ]);
    assert.equal(problems.length, 1, 'a line the reader refuses is reported, not dropped silently');
    assert.deepEqual(
      sut.objects().map((o) => [o.uuid, o.kind === 'bbox' && o.bbox.left]),
      [
        ['kept', 10],
        ['moved', 150],
        ['added', 300],
      ],
    );
    assert.equal(sut.index.boundsOf('deleted'), undefined, 'gone from the spatial index too');

    sut.undo();
    assert.deepEqual(toNdjson(sut), submitted);
    assert.equal(sut.canUndo, false, 'one step');
    sut.redo();
    assert.deepEqual(
      sut.objects().map((o) => o.uuid),
      ['kept', 'moved', 'added'],
    );
  });
});
