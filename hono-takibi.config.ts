import { defineConfig } from 'hono-takibi/config';

export default defineConfig({
  input: 'generated/openapi.json',
  'zod-openapi': {
    output: './generated/routes.ts',
    readonly: true,
    exportSchemas: true,
    exportSchemasTypes: true,
    exportResponses: true,
    exportParameters: true,
    exportHeaders: true,
  },
});
