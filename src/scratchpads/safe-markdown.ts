/**
 * A small markdown subset for promoted scratchpads, safe by construction: every character of the source is
 * HTML-escaped first, and only fixed tags are put around escaped text (headings, lists, fenced code, paragraphs,
 * `code`, **bold**, *italics*). No links, no images, no raw HTML: nothing a cell writes can become markup or a URL.
 * Every pattern runs in linear time on a line (cells hold up to 100,000 characters): no two quantifiers compete for
 * the same characters.
 */

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or a double- or single-quoted attribute value. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => entities[ch]!);

/** Inline spans of one line: code spans first (nothing inside them is emphasis), then bold and italics. */
function inline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\*\*([^*\s](?:[^*]*[^*\s])?)\*\*/g, '<strong>$1</strong>')
        .replace(/\*([^*\s](?:[^*]*[^*\s])?)\*/g, '<em>$1</em>');
    })
    .join('');
}

/** `## Title ##` → `Title`, by hand: a `[\s#]+$` pattern is quadratic on a long run of spaces. */
function withoutClosingHashes(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '#' || /\s/.test(text[end - 1]!))) end--;
  return text.slice(0, end);
}

const FENCE = /^\s*```/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;

/**
 * @example
 * renderMarkdown('# Plan\n<script>x</script> **now**') // '<h1>Plan</h1>\n<p>&lt;script&gt;x&lt;/script&gt; <strong>now</strong></p>'
 */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(inline).join('<br>\n')}</p>`);
    paragraph = [];
    if (list) out.push(`<${list.tag}>${list.items.map((item) => `<li>${inline(item)}</li>`).join('')}</${list.tag}>`);
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    const tag = BULLET.test(line) ? 'ul' : 'ol';
    if (FENCE.test(line)) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !FENCE.test(lines[i]!)) code.push(lines[i]!);
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
    } else if (HEADING.test(line)) {
      flush();
      const [, hashes, text] = HEADING.exec(line)!;
      out.push(`<h${hashes!.length}>${inline(withoutClosingHashes(text!))}</h${hashes!.length}>`);
    } else if (item) {
      if (paragraph.length > 0 || (list && list.tag !== tag)) flush();
      list ??= { tag, items: [] };
      list.items.push(item[1]!);
    } else if (line.trim() === '') {
      flush();
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return out.join('\n');
}
