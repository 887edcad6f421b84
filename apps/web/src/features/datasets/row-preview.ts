/** How a data row shows in the grid: an image thumbnail, a text snippet, or its kind. */
export type RowPreview =
  { kind: 'image'; src: string } | { kind: 'text'; text: string } | { kind: 'other'; label: string };

const IMAGE_EXT = /\.(png|jpe?g|gif|webp|bmp|svg|avif)(\?|$)/i;

export function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) || value.startsWith('/files/');
}

export function rowPreview(row: { rowData: string | null; mediaType: string | null }): RowPreview {
  const data = row.rowData ?? '';
  const media = (row.mediaType ?? '').toUpperCase();
  if (isUrl(data)) {
    if (media === 'IMAGE' || (media === '' && IMAGE_EXT.test(data))) return { kind: 'image', src: data };
    return { kind: 'other', label: `${media || 'FILE'} · ${fileName(data)}` };
  }
  return { kind: 'text', text: data.slice(0, 280) };
}

export function fileName(url: string): string {
  try {
    const path = new URL(url, 'http://x').pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
  } catch {
    return url;
  }
}

/** The name a row is known by: global key, else external id, else id. */
export function rowTitle(row: { id: string; globalKey: string | null; externalId: string | null }): string {
  return row.globalKey ?? row.externalId ?? row.id;
}
