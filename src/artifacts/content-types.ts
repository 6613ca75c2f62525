/**
 * The Content-Type an artifact file is served with, decided by its extension alone (never by what it contains or
 * what an uploader declared), and whether a browser may show it inline. Only types a browser renders predictably
 * are inline; anything else (including PDF, whose viewers run their own scripts) is an `application/octet-stream`
 * or typed attachment.
 */

interface Served {
  type: string;
  inline: boolean;
}

const types: Record<string, Served> = {
  html: { type: 'text/html; charset=utf-8', inline: true },
  htm: { type: 'text/html; charset=utf-8', inline: true },
  css: { type: 'text/css; charset=utf-8', inline: true },
  js: { type: 'text/javascript; charset=utf-8', inline: true },
  mjs: { type: 'text/javascript; charset=utf-8', inline: true },
  json: { type: 'application/json', inline: true },
  txt: { type: 'text/plain; charset=utf-8', inline: true },
  csv: { type: 'text/csv; charset=utf-8', inline: true },
  md: { type: 'text/markdown; charset=utf-8', inline: true },
  svg: { type: 'image/svg+xml', inline: true },
  png: { type: 'image/png', inline: true },
  jpg: { type: 'image/jpeg', inline: true },
  jpeg: { type: 'image/jpeg', inline: true },
  gif: { type: 'image/gif', inline: true },
  webp: { type: 'image/webp', inline: true },
  ico: { type: 'image/x-icon', inline: true },
  woff: { type: 'font/woff', inline: true },
  woff2: { type: 'font/woff2', inline: true },
  pdf: { type: 'application/pdf', inline: false },
};

const OTHER: Served = { type: 'application/octet-stream', inline: false };

/**
 * @example
 * servedAs('assets/chart.js') // { type: 'text/javascript; charset=utf-8', inline: true }
 * servedAs('data.bin')        // { type: 'application/octet-stream', inline: false }
 */
export function servedAs(path: string): Served {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && types[name.slice(dot + 1).toLowerCase()]) || OTHER;
}

/** The media type without parameters, as recorded in `mime_type`. */
export const mimeTypeOf = (path: string): string => servedAs(path).type.split(';')[0]!;
