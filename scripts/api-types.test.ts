import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from './api-types.ts';

it("the pane's API types are generated from the server's current OpenAPI document", async () => {
  // Fails when a route or schema changed and npm run api:types was not run.
  expect(await readFile(API_TYPES_FILE, 'utf8')).toBe(await renderApiTypes());
});
