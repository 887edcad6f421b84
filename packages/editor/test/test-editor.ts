// A headless editor for tests: a fixed ontology, counting uuids, and pointer/key helpers that log the state path
// after each event so tests can assert how a gesture moved through the tools' states.
import type {
  NormalizedClassification,
  NormalizedOntology,
  NormalizedOption,
  NormalizedTool,
} from '@labelyard/schema';
import { Editor, memoryClipboard, type Clipboard, type EditorMedia } from '../src/index.ts';

const option = (id: string, label: string, options: NormalizedClassification[] = []): NormalizedOption => ({
  schemaNodeId: `node-${id}`,
  featureSchemaId: id,
  label,
  value: label.toLowerCase(),
  options,
});

const question = (
  id: string,
  name: string,
  type: 'radio' | 'checklist' | 'text',
  options: NormalizedOption[] = [],
): NormalizedClassification => ({
  schemaNodeId: `node-${id}`,
  featureSchemaId: id,
  type,
  name,
  instructions: name,
  required: false,
  options,
});

const tool = (
  id: string,
  name: string,
  type: string,
  color: string,
  classifications: NormalizedClassification[] = [],
): NormalizedTool => ({
  schemaNodeId: `node-${id}`,
  featureSchemaId: id,
  tool: type as NormalizedTool['tool'],
  name,
  required: false,
  color,
  classifications,
});

export const ontology: NormalizedOntology = {
  tools: [
    tool('fs-car', 'Car', 'rectangle', '#ff0000', [
      question('fs-color', 'color', 'radio', [
        option('fs-red', 'Red', [question('fs-shade', 'shade', 'text')]),
        option('fs-blue', 'Blue'),
      ]),
    ]),
    tool('fs-road', 'Road', 'polygon', '#00ff00'),
    tool('fs-sign', 'Sign', 'point', '#0000ff'),
    tool('fs-lane', 'Lane', 'line', '#ffff00'),
    tool('fs-sky', 'Sky', 'raster-segmentation', '#00ffff'),
    tool('fs-person', 'Person', 'named-entity', '#ff00ff'),
    tool('fs-drives', 'drives', 'edge', '#888888'),
    tool('fs-truck', 'Truck', 'rectangle', '#aa0000'),
  ],
  classifications: [
    question('fs-weather', 'weather', 'radio', [option('fs-sunny', 'Sunny'), option('fs-rainy', 'Rainy')]),
    question('fs-tags', 'tags', 'checklist', [option('fs-night', 'Night'), option('fs-blur', 'Blur')]),
  ],
};

type Mods = { shiftKey?: boolean; altKey?: boolean; accelKey?: boolean };

export class TestEditor extends Editor {
  /** The state path after each event, e.g. ['box.pointing', 'box.creating', 'box.idle']. */
  trail: string[] = [];

  constructor(media: EditorMedia = { width: 1000, height: 800 }, clipboard: Clipboard = memoryClipboard()) {
    let n = 0;
    super({
      ontology,
      media,
      newUuid: () => `uuid-${++n}`,
      clipboard,
      viewport: { width: 1000, height: 800 },
    });
  }

  private log(): this {
    this.trail.push(this.path);
    return this;
  }

  resetTrail(): this {
    this.trail = [];
    return this;
  }

  down(x: number, y: number, mods: Mods = {}): this {
    this.pointerDown({ x, y }, mods);
    return this.log();
  }

  move(x: number, y: number, mods: Mods = {}): this {
    this.pointerMove({ x, y }, mods);
    return this.log();
  }

  up(x: number, y: number, mods: Mods = {}): this {
    this.pointerUp({ x, y }, mods);
    return this.log();
  }

  click(x: number, y: number, mods: Mods = {}): this {
    return this.down(x, y, mods).up(x, y, mods);
  }

  dblclick(x: number, y: number): this {
    this.click(x, y).click(x, y);
    this.doubleClick({ x, y });
    return this.log();
  }

  /** Press, move in steps, release. */
  drag(from: [number, number], to: [number, number], mods: Mods = {}, steps = 4): this {
    this.down(from[0], from[1], mods);
    for (let i = 1; i <= steps; i++) {
      const t = i / steps;
      this.move(from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, mods);
    }
    return this.up(to[0], to[1], mods);
  }

  key(key: string, mods: Mods = {}): this {
    this.keyDown({ key, code: key, shiftKey: false, altKey: false, accelKey: false, ...mods });
    return this.log();
  }
}
