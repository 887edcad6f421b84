import { toV1Label, type ConvertContext } from '@labelyard/schema';
import { parseStoredLabel } from '../../services/label.content.ts';

/** A project's tool colours (v1 `color`) by feature schema id. */
export type ToolColors = ReadonlyMap<string, string | null>;
/** Where a label's masks are downloaded: signed per request, so a label that has any is never memoized. */
export type MaskUrls = Pick<ConvertContext, 'maskUrl' | 'maskFileUrl'>;

type Rendered = {
  readonly text: string;
  /** The colours the rendering read (feature schema id, colour): the text holds while all are unchanged. */
  readonly colors: ReadonlyArray<readonly [string, string | null]>;
};

/** About 16 M characters of stored and rendered labels (~16–32 MB) by default, ~7,000 labels of 1 KB. */
const DEFAULT_BUDGET = 16_000_000;

/**
 * The `label` field of a label (the Labelbox v1 JSON string) from its stored content, memoized by that content: a
 * page of labels read again renders none of them (parse → v1 objects → stringify was the largest cost of a labels
 * page in profiles). The text depends only on the content, the tool colours it reads and the mask URLs: an entry
 * keeps the colours it read and is used only while they are unchanged, and a label with a mask (its URLs are signed
 * per request) is rendered every time and never kept. A changed label has other content, so it misses.
 *
 * Bounded by characters kept (stored + rendered), in two generations: entries go to `young`; when it holds half the
 * budget it becomes `old` and the previous `old` is dropped; a hit in `old` moves the entry back to `young`.
 */
export class LabelV1Renderer {
  private young = new Map<string, Rendered>();
  private old = new Map<string, Rendered>();
  private youngChars = 0;
  /** Renders answered from the memo (for tests and diagnostics). */
  hits = 0;

  constructor(private readonly budget = DEFAULT_BUDGET) {}

  render(content: string, colors: ToolColors, masks: MaskUrls): string {
    let entry = this.young.get(content);
    if (entry === undefined && (entry = this.old.get(content)) !== undefined) this.keep(content, entry);
    if (entry !== undefined && fresh(entry, colors)) {
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
    if (!signed) this.keep(content, { text, colors: [...read] });
    return text;
  }

  private keep(content: string, entry: Rendered): void {
    const chars = content.length + entry.text.length;
    if (chars > this.budget / 2) return;
    if (this.youngChars + chars > this.budget / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngChars = 0;
    }
    this.old.delete(content);
    this.young.set(content, entry);
    this.youngChars += chars;
  }
}

function fresh(entry: Rendered, colors: ToolColors): boolean {
  for (const [id, color] of entry.colors) if ((colors.get(id) ?? null) !== color) return false;
  return true;
}

/** The process's renderer: label pages of every request share it. */
export const labelV1Renderer = new LabelV1Renderer();
