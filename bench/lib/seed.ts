/** Seed data shared by the benchmarks: an image ontology and ~1 KB labels that use every kind in it. */
import type { Actor } from '../../apps/server/src/auth/actor.ts';
import type { AppContext } from '../../apps/server/src/http/app-context.ts';

/** A box (with a nested radio), a polygon, a point, a radio and a free-text classification; their schema ids. */
export async function createBenchOntology(ctx: AppContext, actor: Actor) {
  const ontology = await ctx.services.ontologies.create(actor, {
    name: 'bench',
    normalized: JSON.stringify({
      tools: [
        {
          tool: 'rectangle',
          name: 'box',
          classifications: [{ type: 'radio', name: 'occluded', options: [{ label: 'yes', value: 'yes' }] }],
        },
        { tool: 'polygon', name: 'poly', classifications: [] },
        { tool: 'point', name: 'pt', classifications: [] },
      ],
      classifications: [
        { type: 'radio', name: 'q', options: [{ label: 'Yes', value: 'yes' }] },
        { type: 'text', name: 'free_text', options: [] },
      ],
    }),
  });
  const tools = ontology.normalized.tools;
  const cls = ontology.normalized.classifications;
  return {
    ontologyId: ontology.id,
    box: tools[0]!.featureSchemaId,
    occluded: tools[0]!.classifications[0]!.featureSchemaId,
    yes: tools[0]!.classifications[0]!.options[0]!.featureSchemaId,
    poly: tools[1]!.featureSchemaId,
    pt: tools[2]!.featureSchemaId,
    q: cls[0]!.featureSchemaId,
    qYes: cls[0]!.options[0]!.featureSchemaId,
    text: cls[1]!.featureSchemaId,
  };
}

/** A submitted label's LabelDocument JSON (~1 KB) using every feature of the bench ontology. */
export function labelContent(i: number, f: Record<string, string>): string {
  const u = (s: string) => `${s}-${i}`;
  return JSON.stringify({
    objects: [
      {
        kind: 'bbox',
        uuid: u('box'),
        featureSchemaId: f.box,
        name: 'box',
        bbox: { top: 10 + (i % 50), left: 20, height: 30, width: 40 },
        classifications: [
          {
            kind: 'radio',
            uuid: u('occ'),
            featureSchemaId: f.occluded,
            name: 'occluded',
            answer: {
              uuid: u('yes'),
              featureSchemaId: f.yes,
              name: 'yes',
              value: 'yes',
              classifications: [],
            },
          },
        ],
      },
      {
        kind: 'polygon',
        uuid: u('poly'),
        featureSchemaId: f.poly,
        name: 'poly',
        points: [
          { x: 10, y: 20 },
          { x: 15.5, y: 20 },
          { x: 20, y: 25.25 },
          { x: 12, y: 30 },
          { x: 8, y: 26 },
          { x: 9, y: 22 },
        ],
        classifications: [],
      },
      {
        kind: 'point',
        uuid: u('pt'),
        featureSchemaId: f.pt,
        name: 'pt',
        point: { x: 100.5, y: 200.25 },
        classifications: [],
      },
    ],
    classifications: [
      {
        kind: 'radio',
        uuid: u('q'),
        featureSchemaId: f.q,
        name: 'q',
        answer: { uuid: u('qa'), featureSchemaId: f.qYes, name: 'Yes', value: 'yes', classifications: [] },
      },
      {
        kind: 'text',
        uuid: u('t'),
        featureSchemaId: f.text,
        name: 'free_text',
        answer: `free text answer number ${i}`,
      },
    ],
    relationships: [],
  });
}
