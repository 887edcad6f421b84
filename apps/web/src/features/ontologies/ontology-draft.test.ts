import { describe, expect, it } from 'vitest';
import {
  draftFromNormalized,
  draftProblems,
  draftToNormalized,
  editClassification,
  emptyDraft,
  newClassification,
  newOption,
  newTool,
} from './ontology-draft.ts';

describe('ontology draft', () => {
  it('serializes a tool with a nested classification under an option', () => {
    const inner = {
      ...newClassification('checklist'),
      name: 'Damage',
      options: [{ ...newOption(), label: 'Dent' }],
    };
    const outer = {
      ...newClassification('radio'),
      name: 'Kind',
      options: [{ ...newOption(), label: 'Sedan', classifications: [inner] }],
    };
    const tool = { ...newTool(0), name: 'Car', hotkey: 'C', classifications: [outer] };
    const sut = draftToNormalized({ ...emptyDraft(), name: 'Cars', tools: [tool] });
    expect(sut).toEqual({
      tools: [
        {
          tool: 'rectangle',
          name: 'Car',
          color: '#1f77b4',
          required: false,
          hotkey: 'c',
          classifications: [
            {
              type: 'radio',
              name: 'Kind',
              instructions: 'Kind',
              required: false,
              options: [
                {
                  label: 'Sedan',
                  value: 'sedan',
                  options: [
                    {
                      type: 'checklist',
                      name: 'Damage',
                      instructions: 'Damage',
                      required: false,
                      options: [{ label: 'Dent', value: 'dent', options: [] }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
      classifications: [],
    });
  });

  it('round-trips through the normalized JSON, keeping feature ids for reuse', () => {
    const normalized = {
      tools: [
        {
          tool: 'polygon',
          name: 'Road',
          color: '#ff0000',
          featureSchemaId: 'f1',
          schemaNodeId: 's1',
          classifications: [],
        },
      ],
      classifications: [
        { type: 'text', name: 'Notes', featureSchemaId: 'f2', schemaNodeId: 's2', options: [] },
      ],
    };
    const sut = draftFromNormalized('Roads', 'IMAGE', normalized);
    const back = draftToNormalized(sut) as {
      tools: Array<Record<string, unknown>>;
      classifications: Array<Record<string, unknown>>;
    };
    expect(back.tools[0]).toMatchObject({
      tool: 'polygon',
      name: 'Road',
      featureSchemaId: 'f1',
      schemaNodeId: 's1',
    });
    expect(back.classifications[0]).toMatchObject({ type: 'text', name: 'Notes', featureSchemaId: 'f2' });
  });

  it('names every problem: missing names, options, duplicate hotkeys', () => {
    const a = { ...newTool(0), name: 'A', hotkey: 'x' };
    const b = { ...newTool(1), name: '', hotkey: 'X' };
    const radio = { ...newClassification('radio'), name: 'Q' };
    const sut = draftProblems({ ...emptyDraft(), tools: [a, b], classifications: [radio] });
    expect(sut).toEqual([
      'The ontology needs a name',
      'Tool 2 needs a name',
      'Tool 2: hotkey "X" is already used by A',
      'Q needs at least one option',
    ]);
  });

  it('edits a nested classification wherever it is', () => {
    const inner = { ...newClassification('text'), name: 'old' };
    const tool = {
      ...newTool(0),
      name: 'T',
      classifications: [
        {
          ...newClassification(),
          name: 'Q',
          options: [{ ...newOption(), label: 'o', classifications: [inner] }],
        },
      ],
    };
    const sut = editClassification({ ...emptyDraft(), tools: [tool] }, inner.key, (c) => ({
      ...c,
      name: 'new',
    }));
    expect(sut.tools[0]!.classifications[0]!.options[0]!.classifications[0]!.name).toBe('new');
  });
  it('keeps a conversational ontology as it is: per-message scope and message-evaluation tools', () => {
    const normalized = {
      tools: [
        { tool: 'named-entity', name: 'Person', color: '#e11d48', classifications: [] },
        { tool: 'message-ranking', name: 'Ranking', color: '#2ca02c', classifications: [] },
      ],
      classifications: [
        { type: 'radio', name: 'Tone', scope: 'index', options: [{ label: 'Calm', value: 'calm' }] },
        { type: 'text', name: 'Summary', scope: 'global', options: [] },
      ],
    };
    const sut = draftToNormalized(draftFromNormalized('Chats', 'CONVERSATIONAL', normalized));
    expect((sut.tools as Array<{ tool: string }>).map((t) => t.tool)).toEqual([
      'named-entity',
      'message-ranking',
    ]);
    expect((sut.classifications as Array<{ scope?: string }>).map((c) => c.scope)).toEqual([
      'index',
      'global',
    ]);
    const plain = draftToNormalized({
      ...emptyDraft(),
      classifications: [{ ...newClassification('text'), name: 'x' }],
    });
    expect(plain.classifications).toEqual([
      { type: 'text', name: 'x', instructions: 'x', required: false, options: [] },
    ]);
  });
});
