import path from 'node:path';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.csv': 'text/csv',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.svg': 'image/svg+xml',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.dcm': 'application/dicom',
};

/** The content type served for a blob key, from its extension. */
export function contentTypeOf(key: string): string {
  return TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream';
}

/** Types a browser renders as a document that can run script (HTML, SVG, XML): served as attachments only. */
export function isActiveContent(key: string): boolean {
  return ['.html', '.svg', '.xml'].includes(path.extname(key).toLowerCase());
}

/**
 * The extension to keep from an uploaded file's name (so the file is served with the right type later), or ''
 * when the name has none we know — e.g. the Labelbox SDK's JSON chunks arrive named "application/json".
 */
export function knownExtension(filename: string | undefined): string {
  const ext = path.extname(filename ?? '').toLowerCase();
  return Object.hasOwn(TYPES, ext) ? ext : '';
}
