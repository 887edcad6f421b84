import { toV1Label, type ConvertContext } from '@labelyard/schema';
import { parseStoredLabel } from '../../services/label.content.ts';

/**
 * A project's tool colours (v1 `color`) by feature schema id. Never changed once made (a changed ontology gives a new
 * map): the renderer remembers the map it last found an entry's colours unchanged in.
 */
export type ToolColors = ReadonlyMap<string, string | null>;
/** Where a label's masks are downloaded: signed per request, so a label that has any is never memoized. */
export type MaskUrls = Pick<ConvertContext, 'maskUrl' | 'maskFileUrl'>;

type Rendered = {
  /** The stored content the text was rendered from. */
  readonly content: string;
  readonly text: string;
  /** `text` as a JSON string literal in UTF-8: what the answer holds for it (see JsonLiterals). */
  readonly json: Buffer;
  /** The colours the rendering read (feature schema id, colour): the text holds while all are unchanged. */
  readonly colors: ReadonlyArray<readonly [string, string | null]>;
  /** The colour map `colors` were last found unchanged in. */
  checked?: ToolColors;
};

/** About 16 M characters and bytes of stored, rendered and encoded labels (~16–32 MB) by default, ~5,000 labels of 1 KB. */
const DEFAULT_BUDGET = 16_000_000;

/**
 * The `label` field of a label (the Labelbox v1 JSON string) from its stored content, memoized by label id and
 * used only for the same content: a page of labels read again renders none of them (parse → v1 objects →
 * stringify was the largest cost of a labels page in profiles). The text depends only on the content, the tool
 * colours it reads and the mask URLs: an entry keeps the content and the colours it read and is used only while
 * both are unchanged (a changed label misses), and a label with a mask (its URLs are signed per request) is rendered
 * every time and never kept. Keyed by id rather than by content: comparing the content with the kept one costs far
 * less than hashing a kilobyte of it for every label of a page.
 *
 * Bounded by characters kept (stored + rendered + its JSON bytes), in two generations: entries go to `young`; when it holds half the
 * budget it becomes `old` and the previous `old` is dropped; a hit in `old` moves the entry back to `young`.
 */
export class LabelV1Renderer {
  private young = new Map<string, Rendered>();
  private old = new Map<string, Rendered>();
  private youngChars = 0;
  /** Renders answered from the memo (for tests and diagnostics). */
  hits = 0;

  constructor(private readonly budget = DEFAULT_BUDGET) {}

  render(labelId: string, content: string, colors: ToolColors, masks: MaskUrls): string {
    let entry = this.young.get(labelId);
    if (entry === undefined && (entry = this.old.get(labelId)) !== undefined) this.keep(labelId, entry);
    if (
      entry !== undefined &&
      entry.content === content &&
      (entry.checked === colors || fresh(entry, colors))
    ) {
      entry.checked = colors;
      this.hits++;
      return entry.text;
    }
    const read = new Map<string, string | null>();
    let signed = false;
    const text = JSON.stringify(
      toV1Label(parseStoredLabel(content), {
        color: (id) => {
          const color = colors.get(id) ?? null;
          read.set(id, color);
          return color;
        },
        maskUrl: (mask) => {
          signed = true;
          return masks.maskUrl?.(mask);
        },
        maskFileUrl: (source) => {
          signed = true;
          return masks.maskFileUrl?.(source);
        },
      }),
    );
    if (!signed)
      this.keep(labelId, { content, text, json: Buffer.from(JSON.stringify(text)), colors: [...read] });
    return text;
  }

  /**
   * The kept JSON string literal of `text` if it is what `render` just returned for the label (never for a label
   * with masks, which is not kept), for the answer to copy instead of escaping it again.
   */
  jsonOf(labelId: string, text: string): Buffer | undefined {
    const entry = this.young.get(labelId);
    return entry !== undefined && entry.text === text ? entry.json : undefined;
  }

  private keep(labelId: string, entry: Rendered): void {
    const chars = labelId.length + entry.content.length + entry.text.length + entry.json.length;
    if (chars > this.budget / 2) return;
    if (this.youngChars + chars > this.budget / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngChars = 0;
    }
    this.old.delete(labelId);
    this.young.set(labelId, entry);
    this.youngChars += chars;
  }
}

function fresh(entry: Rendered, colors: ToolColors): boolean {
  for (const [id, color] of entry.colors) if ((colors.get(id) ?? null) !== color) return false;
  return true;
}

/** The process's renderer: label pages of every request share it. */
export const labelV1Renderer = new LabelV1Renderer();
