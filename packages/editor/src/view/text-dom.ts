/** Maps between DOM positions and text offsets inside chunks marked with `data-offset` (UTF-16 offsets). */

export function chunkOf(node: Node | null): HTMLElement | undefined {
  let n: Node | null = node;
  while (n && !(n instanceof HTMLElement && n.dataset.offset !== undefined)) n = n.parentNode;
  return n ?? undefined;
}

/** The text offset of a DOM selection boundary, or undefined outside the text. */
export function offsetOf(node: Node, offsetInNode: number): number | undefined {
  const chunk = chunkOf(node);
  if (!chunk) return undefined;
  // A range from the chunk's start to the boundary holds exactly the text before it, whatever the nesting.
  const range = chunk.ownerDocument.createRange();
  range.setStart(chunk, 0);
  range.setEnd(node, offsetInNode);
  return Number(chunk.dataset.offset) + range.toString().length;
}

/** The DOM position of a text offset inside a chunk element (for search highlights and scrolling). */
export function positionOf(chunk: HTMLElement, offset: number): { node: Node; offset: number } | undefined {
  const walker = chunk.ownerDocument.createTreeWalker(chunk, NodeFilter.SHOW_TEXT);
  let at = Number(chunk.dataset.offset);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const len = t.textContent!.length;
    if (offset <= at + len) return { node: t, offset: offset - at };
    at += len;
  }
  return undefined;
}

/** Chunk boundaries: about `size` code units each, cut after a line break when one is near (never in a CRLF or pair). */
export function chunkText(text: string, size = 4000): number[] {
  const starts = [0];
  let at = 0;
  while (text.length - at > size) {
    let cut = text.lastIndexOf('\n', at + size);
    if (cut <= at + size / 2) cut = at + size;
    else cut += 1;
    const c = text.charCodeAt(cut);
    if ((c >= 0xdc00 && c <= 0xdfff) || (text[cut] === '\n' && text[cut - 1] === '\r')) cut += 1;
    starts.push(cut);
    at = cut;
  }
  return starts;
}
