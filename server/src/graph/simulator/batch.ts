// POST /v1.0/$batch: up to 20 sub-requests with unique ids and relative urls, run at
// most 4 at a time (Graph's Outlook batching limit), each through the same pipeline as a
// top-level request (faults, per-mailbox concurrency, latency), answered in shuffled order.
import { GraphError, parseQuery, type SimRequest, type SimResponse } from './responses.ts';

export const MAX_BATCH_REQUESTS = 20;
export const BATCH_PARALLELISM = 4;

const INNER_HEADERS = {
  'Cache-Control': 'no-cache',
  'OData-Version': '4.0',
  'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
};

type BatchItem = {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
};

export type BatchSubResponse = { id: string; status: number; headers: Record<string, string>; body: unknown };

function parseItems(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) throw new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw new GraphError(400, 'BadRequest', `The number of batch requests exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  }
  const items = requests.map((raw: unknown): BatchItem => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const { id, method, url } = r;
    if (typeof id !== 'string' || typeof method !== 'string' || typeof url !== 'string') {
      throw new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
    }
    const headers: Record<string, string> = {};
    if (typeof r.headers === 'object' && r.headers !== null) {
      for (const [name, value] of Object.entries(r.headers))
        if (typeof value === 'string') headers[name.toLowerCase()] = value;
    }
    const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.filter((d): d is string => typeof d === 'string') : [];
    return { id, method: method.toUpperCase(), url, headers, body: r.body, dependsOn };
  });
  const ids = new Set(items.map((i) => i.id));
  if (ids.size !== items.length) {
    throw new GraphError(400, 'BadRequest', 'Batch request contains duplicate request ids.');
  }
  for (const item of items) {
    for (const dep of item.dependsOn) {
      if (!ids.has(dep))
        throw new GraphError(400, 'BadRequest', `Request '${item.id}' depends on unknown request '${dep}'.`);
    }
  }
  return items;
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  // Never the request order when there is a choice: clients must match by id.
  if (out.length > 1 && out.every((item, i) => item === items[i])) out.push(out.shift() as T);
  return out;
}

export async function runBatch(
  outer: SimRequest,
  execute: (request: SimRequest) => Promise<SimResponse>,
): Promise<{ responses: BatchSubResponse[]; size: number }> {
  const items = parseItems(outer.body);
  const results = new Map<string, Promise<BatchSubResponse>>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    while (running >= BATCH_PARALLELISM) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
  };
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };

  async function runItem(item: BatchItem): Promise<BatchSubResponse> {
    const deps = await Promise.all(item.dependsOn.map((d) => results.get(d) ?? Promise.resolve(undefined)));
    if (deps.some((d) => d !== undefined && (d.status < 200 || d.status >= 300))) {
      return {
        id: item.id,
        status: 424,
        headers: { ...INNER_HEADERS },
        body: { error: { code: 'FailedDependency', message: 'The dependent request failed.' } },
      };
    }
    const relative = item.url.replace(/^\/+/, '/').replace(/^(?!\/)/, '/');
    if (/^\/?https?:/i.test(item.url) || /^\/(v1\.0|beta)\//i.test(relative)) {
      return {
        id: item.id,
        status: 400,
        headers: { ...INNER_HEADERS },
        body: {
          error: { code: 'BadRequest', message: 'Invalid request URL: batch urls are relative to the version.' },
        },
      };
    }
    const at = relative.indexOf('?');
    await slot();
    try {
      const response = await execute({
        method: item.method,
        path: at < 0 ? relative : relative.slice(0, at),
        query: parseQuery(at < 0 ? '' : relative.slice(at + 1)),
        headers: item.headers,
        body: item.body,
        tenantId: outer.tenantId,
        clientId: outer.clientId,
        userId: outer.userId,
        roles: outer.roles,
      });
      const { 'Content-Type': _type, 'content-type': _lower, ...headers } = response.headers;
      return { id: item.id, status: response.status, headers: { ...INNER_HEADERS, ...headers }, body: response.body };
    } finally {
      release();
    }
  }

  // Items start in request order; a dependency's promise exists before its dependants look.
  for (const item of items) results.set(item.id, runItem(item));
  const responses = await Promise.all(
    items.map((i) => results.get(i.id) ?? Promise.reject(new Error('batch item lost'))),
  );
  return { responses: shuffle(responses), size: items.length };
}
