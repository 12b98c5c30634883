import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../shared/log.ts';
import { createErrorHandler } from './problem.ts';

// What body-parser (through http-errors) throws: a status, `expose` for client faults, maybe a `type`.
const thrown: Record<string, unknown> = {
  'corrupt-encoding': Object.assign(new Error('incorrect header check'), { status: 400, expose: true }),
  aborted: Object.assign(new Error('request aborted'), { status: 400, expose: true, type: 'request.aborted' }),
  'verify-failed': Object.assign(new Error('no'), { status: 403, expose: true, type: 'entity.verify.failed' }),
  'stream-misuse': Object.assign(new Error('stream is not readable'), { status: 500, expose: false }),
  'exposed-but-5xx': Object.assign(new Error('odd'), { status: 502, expose: true }),
  'unexposed-4xx': Object.assign(new Error('odd'), { status: 400, expose: false }),
};

let base: string;
let close: () => void;
beforeAll(async () => {
  const app = express();
  app.get('/:name', (req) => {
    throw thrown[req.params.name];
  });
  app.use(createErrorHandler(createLogger('silent')));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('the error handler', () => {
  it.each([
    ['corrupt-encoding', 400, 'INVALID_BODY'],
    ['aborted', 400, 'INVALID_BODY'],
    ['verify-failed', 403, 'FORBIDDEN'],
    ['stream-misuse', 500, 'INTERNAL'],
    ['exposed-but-5xx', 500, 'INTERNAL'],
    ['unexposed-4xx', 500, 'INTERNAL'],
  ])('keeps a body-parser client error (%s) a client error with its status: %i %s', async (name, status, code) => {
    const res = await fetch(`${base}/${name}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await res.json();
    expect(body).toMatchObject({ status, code });
    // Never the parser's own words: they may quote what the client sent.
    expect(JSON.stringify(body)).not.toMatch(/incorrect header check|request aborted/);
  });
});
