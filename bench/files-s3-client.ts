/**
 * The S3 baseline of the files benchmark, run as its own process: a plain `@aws-sdk/lib-storage` `Upload` of a file
 * (the library's defaults), or a plain `GetObject` read to /dev/null (or, to clean up, a delete), with the S3 client configured as Skillplane
 * configures its own (path-style, checksums only where required). Prints the seconds the transfer took, without
 * Node's start-up.
 *   node bench/files-s3-client.ts upload|download|delete <key> <file>   (S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, …)
 */
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

const [mode, key, file] = process.argv.slice(2);
const env = (name: string) => process.env[name] ?? '';
const client = new S3Client({
  endpoint: env('S3_ENDPOINT'),
  region: 'us-east-1',
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  credentials: { accessKeyId: env('S3_ACCESS_KEY_ID'), secretAccessKey: env('S3_SECRET_ACCESS_KEY') },
});
const params = { Bucket: env('S3_BUCKET'), Key: key };

const started = process.hrtime.bigint();
if (mode === 'upload') {
  await new Upload({ client, params: { ...params, Body: createReadStream(file!) } }).done();
} else if (mode === 'download') {
  const res = await client.send(new GetObjectCommand(params));
  await pipeline(res.Body as Readable, createWriteStream(file!));
} else if (mode === 'delete') {
  await client.send(new DeleteObjectCommand(params));
} else {
  throw new Error(`unknown mode ${mode}`);
}
console.log(Number(process.hrtime.bigint() - started) / 1e9);
client.destroy();
