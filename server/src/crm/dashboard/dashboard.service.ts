// The dashboard: the period and the cutoff resolved against the context's clock,
// then one statement per figure (dashboard.repository.ts).
import type { z } from 'zod';
import { AppError, notFound } from '../../shared/errors.ts';
import type { CrmContext } from '../shared/context.ts';
import {
  readEmailActivity,
  readOutcomes,
  readPipelineFigure,
  readStaleContacts,
  type Period,
} from './dashboard.repository.ts';
import {
  DEFAULT_PERIOD_DAYS,
  MAX_PERIOD_DAYS,
  type EmailActivityQuery,
  type EmailActivityResponse,
  type OutcomesQuery,
  type OutcomesResponse,
  type PipelineFigureQuery,
  type PipelineFigureResponse,
  type StaleContactsQuery,
  type StaleContactsResponse,
} from './dashboard.schemas.ts';

const DAY_MS = 86_400_000;

/**
 * The period asked for, with the defaults (`to` now, `from` DEFAULT_PERIOD_DAYS
 * before `to`); 400 when it is empty, backwards or longer than MAX_PERIOD_DAYS.
 */
export function resolvePeriod(query: { from?: Date; to?: Date }, now: Date): Period {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  const invalid = (path: 'from' | 'to', message: string) =>
    new AppError('VALIDATION_FAILED', 400, 'The period is not valid', {
      fields: [{ path: `query.${path}`, message }],
    });
  if (from.getTime() >= to.getTime()) throw invalid(query.from ? 'from' : 'to', 'must be before `to`');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw invalid(query.to ? 'to' : 'from', `the period must be at most ${MAX_PERIOD_DAYS} days long`);
  }
  return { from, to };
}

const periodJson = (period: Period) => ({ from: period.from.toISOString(), to: period.to.toISOString() });

export async function pipelineFigure(
  ctx: CrmContext,
  query: z.infer<typeof PipelineFigureQuery>,
): Promise<z.input<typeof PipelineFigureResponse>> {
  const figure = await readPipelineFigure(ctx.db, query);
  if (!figure) throw notFound('PIPELINE_NOT_FOUND', 'Pipeline');
  return figure;
}

export async function outcomes(
  ctx: CrmContext,
  query: z.infer<typeof OutcomesQuery>,
): Promise<z.input<typeof OutcomesResponse>> {
  const period = resolvePeriod(query, ctx.clock.now());
  return { period: periodJson(period), ...(await readOutcomes(ctx.db, period, query)) };
}

export async function emailActivity(
  ctx: CrmContext,
  query: z.infer<typeof EmailActivityQuery>,
): Promise<z.input<typeof EmailActivityResponse>> {
  const period = resolvePeriod(query, ctx.clock.now());
  return { period: periodJson(period), ...(await readEmailActivity(ctx.db, period)) };
}

/** No contact for `days` days: last contacted at or before now − days, or never. */
export async function staleContacts(
  ctx: CrmContext,
  query: z.infer<typeof StaleContactsQuery>,
): Promise<z.input<typeof StaleContactsResponse>> {
  const cutoff = new Date(ctx.clock.now().getTime() - query.days * DAY_MS);
  const figure = await readStaleContacts(ctx.db, cutoff, query);
  return { days: query.days, cutoff: cutoff.toISOString(), ...figure };
}
