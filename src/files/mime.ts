/**
 * The `mime_type` recorded for a file: what the uploader declared when it is specific, else a guess from the
 * extension (the common document, data and image types), else `application/octet-stream`.
 */

const byExtension: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  py: 'text/x-python',
  js: 'text/javascript',
  ts: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
};

const GENERIC = 'application/octet-stream';
const VALID = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * @example
 * mimeTypeFor('report.pdf')                 // 'application/pdf'
 * mimeTypeFor('data.bin', 'text/csv')      // 'text/csv'
 */
export function mimeTypeFor(name: string, declared?: string): string {
  const type = declared?.split(';')[0]?.trim().toLowerCase();
  if (type && type !== GENERIC && VALID.test(type)) return type;
  const dot = name.lastIndexOf('.');
  return (dot > 0 && byExtension[name.slice(dot + 1).toLowerCase()]) || GENERIC;
}
