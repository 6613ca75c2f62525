import { randomKey } from './transport.ts';

/**
 * A multipart/form-data body whose file part streams from a ReadableStream, for content that is not a Blob (FormData
 * takes only Blobs). Fields come first so the server can refuse the upload before it reads the content.
 */
export function multipartStream(
  fields: [string, string][],
  file: { stream: ReadableStream<Uint8Array>; name: string; contentType: string },
): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = `skillplane-${randomKey()}`;
  const encoder = new TextEncoder();
  const quoted = (value: string) => value.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));
  const head = [
    ...fields.map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`,
    ),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(asciiFallback(file.name))}"; ` +
      `filename*=UTF-8''${encodeURIComponent(file.name)}\r\nContent-Type: ${file.contentType}\r\n\r\n`,
  ].join('');
  const reader = file.stream.getReader();
  let stage: 'head' | 'file' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'file';
        controller.enqueue(encoder.encode(head));
        return;
      }
      if (stage === 'done') return;
      const { value, done } = await reader.read();
      if (!done) {
        controller.enqueue(value);
        return;
      }
      stage = 'done';
      controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
      controller.close();
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_');
}
