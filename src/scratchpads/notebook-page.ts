/**
 * A promoted scratchpad as files: `notebook.json` (the cells as data) and `index.html` (the cells as a page). The page
 * is self-contained and inert: its own Content-Security-Policy allows no script, no request and only `data:` images;
 * every piece of cell text is escaped (markdown through the safe subset of `safe-markdown.ts`), and an output becomes
 * an `<img>` only when it is an image type whose data is a base64 data URL of that same type. Both files depend on
 * the cells' content alone (no clock), so the same scratchpad renders to the same bytes: the promotion compares them
 * to tell whether the cells changed while it was writing.
 */
import type { ScratchpadCell } from '../../generated/prisma/client.ts';
import type { CellOutput } from '../../generated/routes.ts';
import { escapeHtml, renderMarkdown } from './safe-markdown.ts';

export interface NotebookMeta {
  scratchpadId: string;
  conversationId: string;
  title: string;
  description: string | null;
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/;

const outputsOf = (cell: ScratchpadCell): CellOutput[] =>
  Array.isArray(cell.outputs) ? (cell.outputs as unknown as CellOutput[]) : [];

/** The cells as JSON, in order, with what a reader needs to render them again. */
export function notebookJson(meta: NotebookMeta, cells: ScratchpadCell[]): string {
  const doc = {
    format: 'skillplane.scratchpad.v1',
    scratchpad_id: meta.scratchpadId,
    conversation_id: meta.conversationId,
    title: meta.title,
    description: meta.description,
    cells: cells.map((c) => ({
      id: c.id,
      index: c.position,
      type: c.type,
      language: c.language,
      content: c.content,
      status: c.status,
      execution_count: c.executionCount,
      outputs: outputsOf(c),
      error: c.error,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** An image output's data URL when it is one of the image types and its data a base64 data URL of that type. */
function imageSource(output: CellOutput): string | undefined {
  if (!IMAGE_TYPES.has(output.mime_type)) return undefined;
  const match = DATA_URL.exec(output.data);
  if (match?.[1] !== output.mime_type || match[2]!.length % 4 !== 0) return undefined;
  return output.data;
}

function outputHtml(output: CellOutput): string {
  const label = [output.name, output.stream, output.mime_type === 'text/plain' ? undefined : output.mime_type]
    .filter((part) => part)
    .join(' · ');
  const caption = label ? `<div class="label">${escapeHtml(label)}</div>` : '';
  const src = imageSource(output);
  if (src)
    return `<figure>${caption}<img src="${escapeHtml(src)}" alt="${escapeHtml(output.name ?? 'output')}"></figure>`;
  const stream = output.stream === 'stderr' ? ' stderr' : '';
  return `<div class="output${stream}">${caption}<pre>${escapeHtml(output.data)}</pre></div>`;
}

function cellHtml(cell: ScratchpadCell): string {
  const open = `<section class="cell ${cell.type}" id="${escapeHtml(cell.id)}">`;
  if (cell.type === 'markdown') return `${open}\n${renderMarkdown(cell.content)}\n</section>`;
  if (cell.type === 'output') return `${open}<pre>${escapeHtml(cell.content)}</pre></section>`;
  const language = cell.language ?? 'python';
  const facts = [`[${cell.executionCount || ' '}]`, language, cell.status ?? 'not run'].join(' · ');
  const outputs = outputsOf(cell).map(outputHtml).join('\n');
  const error = cell.error ? `<pre class="error">${escapeHtml(cell.error)}</pre>` : '';
  return [
    open,
    `<div class="label">${escapeHtml(facts)}</div>`,
    `<pre><code class="language-${escapeHtml(language)}">${escapeHtml(cell.content)}</code></pre>`,
    outputs,
    error,
    '</section>',
  ]
    .filter((part) => part)
    .join('\n');
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
pre{background:#f5f5f7;padding:.75rem;overflow:auto;white-space:pre-wrap;word-break:break-word}
.cell{margin:1.5rem 0}.label{font-size:.8rem;color:#6e6e73}.stderr pre,.error{background:#fff1f0;color:#a8071a}
img{max-width:100%}`;

/** The page: title, description, then each cell in order. */
export function notebookHtml(meta: NotebookMeta, cells: ScratchpadCell[]): string {
  const description = meta.description ? `<p class="description">${escapeHtml(meta.description)}</p>\n` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(meta.title)}</h1>
${description}${cells.map(cellHtml).join('\n')}
</main>
</body>
</html>
`;
}
