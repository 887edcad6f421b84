/**
 * What a data row's content is, when the importer did not say: guessed from the row data (URL extension, JSON
 * shape, plain text). Cheap and pure, so it runs at read time instead of costing every imported row.
 */
import { ownValue } from '@labelyard/schema';

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  pdf: 'application/pdf',
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  json: 'application/json',
  dcm: 'application/dicom',
};

const isUrl = (text: string): boolean => /^https?:\/\//i.test(text);

/**
 * Whether the server can hand this row data to a labeler. Cloud-storage URIs (`gs://`, `s3://`, `az://`…) need
 * a delegated-access integration (IAM) this server does not have, so rows made of one cannot be labeled; plain
 * texts, JSON documents, http(s) URLs and our own files can. Reads only the start of the row data.
 */
export function isServableRowData(rowDataHead: string | null): boolean {
  if (rowDataHead === null) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/\S/i.exec(rowDataHead)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https';
}

export function guessMimeType(rowData: string | null): string | null {
  if (rowData === null) return null;
  if (rowData.startsWith('{') || rowData.startsWith('[')) return 'application/json';
  if (!isUrl(rowData)) return 'text/plain';
  let path: string;
  try {
    path = new URL(rowData).pathname;
  } catch {
    return null;
  }
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext === undefined ? null : (ownValue(MIME_BY_EXTENSION, ext) ?? null);
}

/** A Labelbox `MediaType` name for the row data, or null when it cannot be told. */
export function guessMediaType(rowData: string | null): string | null {
  if (rowData === null) return null;
  if (rowData.startsWith('{')) {
    if (rowData.includes('"tileLayerUrl"')) return 'TMS_GEO';
    if (rowData.includes('application/vnd.labelbox.conversational') || rowData.includes('"messages"'))
      return 'CONVERSATIONAL';
    return null;
  }
  const mime = guessMimeType(rowData);
  if (mime === null) return null;
  if (mime.startsWith('image/')) return 'IMAGE';
  if (mime.startsWith('video/')) return 'VIDEO';
  if (mime.startsWith('audio/')) return 'AUDIO';
  if (mime === 'application/pdf') return 'PDF';
  if (mime === 'text/html') return 'HTML';
  if (mime === 'text/plain') return 'TEXT';
  if (mime === 'application/dicom') return 'DICOM';
  return null;
}
