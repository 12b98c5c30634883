// One sync round of one mailbox: for each tracked folder (Inbox, Sent Items and
// the folders an admin added), follow the folder's message delta page by page.
// Each page is recorded through the timeline's one write path (recordEmails) in
// one transaction together with its sightings and the link that follows it, so a
// crash replays a page and never skips one: the delta link moves only with the
// page it follows. On 410 a round restarts from the last delta link, and when
// that has expired too the folder is read again from the start; writes are keyed
// by internetMessageId and by (mailbox, Graph id), so that creates no duplicate.
// `@removed` only marks the sighting: CRM history is never erased by the sync.
import type { ScopedClients, ScopedDb, ScopedTx } from '../db/index.ts';
import { createCrmContext, recordEmails, type Clock, type EmailToRecord } from '../crm/index.ts';
import { GraphFailure, type GraphMessage, type MailboxAddress, type MailGraph } from '../graph/index.ts';
import type { Logger } from '../shared/log.ts';
import { fieldsFor, isComplete, toEmailToRecord, type PrivacyPolicy, type SkipReason } from './message-mapping.ts';
import { decideAfterFailure, type MailboxState } from './sync-policy.ts';

/** The folders every mailbox syncs, by Graph's well-known names. */
export const DEFAULT_FOLDERS = ['inbox', 'sentitems'] as const;

export type SyncSettings = {
  /** Prefer: odata.maxpagesize for delta. */
  pageSize: number;
  /**
   * `delta`: ask delta for every field the timeline needs ($select), fetch only the
   * items it returns incomplete; `batch`: list ids with delta, fetch each message
   * through $batch. bench/sync.bench.ts measures both.
   */
  bodies: 'delta' | 'batch';
};

export type SyncDeps = {
  scoped: ScopedClients;
  graph: MailGraph;
  log: Logger;
  clock: Clock;
  settings: SyncSettings;
  random?: () => number;
};

export type RoundRequest = { tenantId: string; mailboxId: string; full?: boolean };

export type RoundOutcome = {
  state: MailboxState | 'DISABLED' | 'GONE';
  /** When the mailbox should be synced again regardless of notifications (null: on the schedule). */
  retryAt: Date | null;
  counts: RoundCounts;
};

export type RoundCounts = {
  pages: number;
  created: number;
  existing: number;
  skipped: number;
  removed: number;
  fetched: number;
  gone: number;
  newSightings: number;
  resyncs: number;
};

export const emptyCounts = (): RoundCounts => ({
  pages: 0,
  created: 0,
  existing: 0,
  skipped: 0,
  removed: 0,
  fetched: 0,
  gone: 0,
  newSightings: 0,
  resyncs: 0,
});

type MailboxRow = {
  id: string;
  userId: string;
  graphUserId: string;
  address: string;
  failures: number;
  extraFolderIds: string[];
  user: { syncEnabled: boolean };
};

export async function syncMailbox(deps: SyncDeps, request: RoundRequest): Promise<RoundOutcome> {
  const db = deps.scoped.get(request.tenantId);
  const counts = emptyCounts();
  const mailbox: MailboxRow | null = await db.mailbox.findFirst({
    where: { id: request.mailboxId },
    select: {
      id: true,
      userId: true,
      graphUserId: true,
      address: true,
      failures: true,
      extraFolderIds: true,
      user: { select: { syncEnabled: true } },
    },
  });
  if (!mailbox) return { state: 'GONE', retryAt: null, counts };
  const log = deps.log.child({ tenantId: request.tenantId, mailboxId: mailbox.id });
  if (!mailbox.user.syncEnabled) {
    await setState(db, mailbox.id, { state: 'DISABLED', stateReason: 'The user opted out of the mail sync' });
    log.info({ event: 'sync.round.skipped', reason: 'opted-out' }, 'sync.round.skipped');
    return { state: 'DISABLED', retryAt: null, counts };
  }
  const [tenant, connection] = await Promise.all([
    db.tenant.findFirstOrThrow({
      where: { id: request.tenantId },
      select: { domains: true, syncBlocked: true, syncSkipBulk: true, syncBodyStorage: true },
    }),
    db.graphConnection.findFirst({ where: {}, select: { directoryTenantId: true, state: true } }),
  ]);
  if (connection?.state !== 'CONNECTED') {
    const stateReason = connection ? 'An admin must reconnect Microsoft 365' : 'Microsoft 365 is not connected';
    await setState(db, mailbox.id, { state: 'NEEDS_ADMIN', stateReason });
    log.info({ event: 'sync.round.skipped', reason: 'not-connected' }, 'sync.round.skipped');
    return { state: 'NEEDS_ADMIN', retryAt: null, counts };
  }
  const policy: PrivacyPolicy = {
    ownDomains: tenant.domains,
    blocked: tenant.syncBlocked,
    skipBulk: tenant.syncSkipBulk,
    bodyStorage: tenant.syncBodyStorage,
  };
  const address: MailboxAddress = { directoryTenantId: connection.directoryTenantId, userId: mailbox.graphUserId };
  const started = deps.clock.now();
  // A notification arriving from here on marks the mailbox again and queues a new round.
  await db.mailbox.update({
    where: { tenantId_id: { tenantId: request.tenantId, id: mailbox.id } },
    data: { dirtyAt: null, roundStartedAt: started },
  });
  log.info({ event: 'sync.round.started', full: Boolean(request.full) }, 'sync.round.started');
  try {
    const folders = await trackedFolders(deps, db, request.tenantId, mailbox, address);
    if (request.full) {
      await db.mailFolderCursor.updateMany({
        where: { mailboxId: mailbox.id },
        data: { deltaLink: null, nextLink: null },
      });
    }
    const ctx = createCrmContext({
      db,
      actor: { kind: 'mailbox-sync', mailboxUserId: mailbox.userId, mailbox: mailbox.address },
      log,
      clock: deps.clock,
    });
    for (const folder of folders) {
      await syncFolder({ deps, db, ctx, log, mailbox, address, folderId: folder, policy, counts });
    }
  } catch (error) {
    if (!(error instanceof GraphFailure)) throw error;
    const decision = decideAfterFailure({
      kind: error.kind,
      failures: mailbox.failures,
      retryAfterMs: error.retryAfterMs,
      now: deps.clock.now(),
      random: deps.random,
    });
    const reason = `${error.kind}: ${error.code ?? error.status} ${error.message}`.slice(0, 500);
    await db.mailbox.update({
      where: { tenantId_id: { tenantId: request.tenantId, id: mailbox.id } },
      data: {
        state: decision.state,
        stateReason: decision.state === 'ACTIVE' ? null : reason,
        throttledUntil: decision.state === 'THROTTLED' ? decision.retryAt : null,
        retryAt: decision.retryAt,
        failures: decision.failures,
        lastError: reason,
        lastErrorAt: deps.clock.now(),
        itemsCaptured: { increment: counts.newSightings },
      },
    });
    if (decision.tenantNeedsAdmin) await markTenantNeedsAdmin(db, reason);
    log.warn(
      {
        event: 'sync.round.failed',
        kind: error.kind,
        status: error.status,
        code: error.code,
        state: decision.state,
        retryAt: decision.retryAt,
        ...counts,
      },
      'sync.round.failed',
    );
    return { state: decision.state, retryAt: decision.retryAt, counts };
  }
  await db.mailbox.update({
    where: { tenantId_id: { tenantId: request.tenantId, id: mailbox.id } },
    data: {
      state: 'ACTIVE',
      stateReason: null,
      throttledUntil: null,
      retryAt: null,
      failures: 0,
      lastRoundAt: deps.clock.now(),
      itemsCaptured: { increment: counts.newSightings },
    },
  });
  log.info(
    { event: 'sync.round.finished', ms: deps.clock.now().getTime() - started.getTime(), ...counts },
    'sync.round.finished',
  );
  return { state: 'ACTIVE', retryAt: null, counts };
}

async function setState(
  db: ScopedDb,
  mailboxId: string,
  data: { state: 'DISABLED' | 'NEEDS_ADMIN'; stateReason: string },
) {
  await db.mailbox.updateMany({ where: { id: mailboxId }, data });
}

/** Consent is gone: the connection and every mailbox of the tenant wait for an admin. */
async function markTenantNeedsAdmin(db: ScopedDb, reason: string) {
  await db.graphConnection.updateMany({ where: {}, data: { state: 'NEEDS_ADMIN', stateReason: reason } });
  await db.mailbox.updateMany({
    where: { state: { not: 'DISABLED' } },
    // Nothing is scheduled until an admin reconnects: no retry time, no throttling left over.
    data: { state: 'NEEDS_ADMIN', stateReason: reason, retryAt: null, throttledUntil: null },
  });
}

/** The folder ids to sync, creating a cursor for each new one (Graph ids: well-known names resolved once). */
async function trackedFolders(
  deps: SyncDeps,
  db: ScopedDb,
  tenantId: string,
  mailbox: MailboxRow,
  address: MailboxAddress,
): Promise<string[]> {
  const cursors = await db.mailFolderCursor.findMany({
    where: { mailboxId: mailbox.id },
    select: { folderId: true, wellKnown: true },
  });
  const ids: string[] = [];
  for (const wellKnown of DEFAULT_FOLDERS) {
    let cursor = cursors.find((c) => c.wellKnown === wellKnown);
    if (!cursor) {
      const folder = await deps.graph.getFolder(address, wellKnown);
      await db.mailFolderCursor.createMany({
        data: [{ tenantId, mailboxId: mailbox.id, folderId: folder.id, wellKnown, displayName: folder.displayName }],
        skipDuplicates: true,
      });
      cursor = { folderId: folder.id, wellKnown };
    }
    ids.push(cursor.folderId);
  }
  for (const folderId of mailbox.extraFolderIds) {
    if (ids.includes(folderId)) continue;
    if (!cursors.some((c) => c.folderId === folderId)) {
      try {
        const folder = await deps.graph.getFolder(address, folderId);
        await db.mailFolderCursor.createMany({
          data: [{ tenantId, mailboxId: mailbox.id, folderId: folder.id, displayName: folder.displayName }],
          skipDuplicates: true,
        });
      } catch (error) {
        // An added folder that was deleted since: skip it, the mailbox is fine.
        if (error instanceof GraphFailure && error.kind === 'NOT_FOUND') continue;
        throw error;
      }
    }
    ids.push(folderId);
  }
  return ids;
}

type FolderRun = {
  deps: SyncDeps;
  db: ScopedDb;
  ctx: ReturnType<typeof createCrmContext>;
  log: Logger;
  mailbox: MailboxRow;
  address: MailboxAddress;
  folderId: string;
  policy: PrivacyPolicy;
  counts: RoundCounts;
};

async function syncFolder(run: FolderRun) {
  const { deps, db, mailbox, folderId, log } = run;
  const tenantId = run.ctx.tenantId;
  const cursor = await db.mailFolderCursor.findFirst({
    where: { mailboxId: mailbox.id, folderId },
    select: { deltaLink: true, nextLink: true },
  });
  if (!cursor) return;
  let link = cursor.nextLink ?? cursor.deltaLink;
  let restarted = false;
  // Read from the very start in this run: what was not seen is gone from the folder.
  let fromScratch = link === null;
  // At most one full read per folder and round: links that keep expiring fail the round (it backs off).
  let resynced = false;
  const roundStart = deps.clock.now();
  const select = deps.settings.bodies === 'batch' ? ['id'] : fieldsFor(run.policy.bodyStorage);
  for (;;) {
    let page;
    try {
      page = await deps.graph.deltaPage(run.address, folderId, link, { select, pageSize: deps.settings.pageSize });
    } catch (error) {
      if (!(error instanceof GraphFailure)) throw error;
      if (error.kind === 'NOT_FOUND' && link === null) {
        // The folder itself is gone (deleted, or an added folder removed): stop tracking it.
        await db.mailFolderCursor.deleteMany({ where: { mailboxId: mailbox.id, folderId } });
        log.warn({ event: 'sync.folder.gone', folderId }, 'sync.folder.gone');
        return;
      }
      if (error.kind !== 'SYNC_STATE_EXPIRED' || link === null) throw error;
      const restart = cursor.deltaLink !== null && link !== cursor.deltaLink && !restarted;
      if (!restart && resynced) throw error;
      run.counts.resyncs++;
      if (restart) {
        // A next link of a round under way expired: restart the round from its delta link.
        restarted = true;
        link = cursor.deltaLink;
        log.warn({ event: 'sync.folder.round-restarted', folderId }, 'sync.folder.round-restarted');
      } else {
        // The delta link expired too: read the whole folder again.
        link = null;
        fromScratch = true;
        resynced = true;
        log.warn({ event: 'sync.folder.full-resync', folderId }, 'sync.folder.full-resync');
      }
      await db.mailFolderCursor.updateMany({
        where: { mailboxId: mailbox.id, folderId },
        data: { nextLink: null, ...(link === null ? { deltaLink: null } : {}) },
      });
      continue;
    }
    run.counts.pages++;
    await commitPage(run, tenantId, page.messages, page.removedIds, page.nextLink, page.deltaLink);
    if (page.nextLink) {
      link = page.nextLink;
      continue;
    }
    if (fromScratch) {
      // A full read of the folder: sightings it did not return have left it.
      const gone = await db.emailSighting.updateMany({
        where: { mailboxId: mailbox.id, folderId, removedAt: null, seenAt: { lt: roundStart } },
        data: { removedAt: deps.clock.now() },
      });
      run.counts.removed += gone.count;
    }
    return;
  }
}

async function commitPage(
  run: FolderRun,
  tenantId: string,
  listed: GraphMessage[],
  removedIds: string[],
  nextLink: string | null,
  deltaLink: string | null,
) {
  const { deps, mailbox, folderId, counts } = run;
  // A message may appear twice in a page (Graph says so): the last copy wins.
  const unique = [...new Map(listed.map((m) => [m.id, m])).values()];
  const ready: GraphMessage[] = [];
  const toFetch: string[] = [];
  for (const message of unique) {
    if (deps.settings.bodies === 'delta' && isComplete(message)) ready.push(message);
    else if (!message.isDraft) toFetch.push(message.id);
  }
  if (toFetch.length) {
    const { found, gone } = await deps.graph.getMessages(run.address, toFetch, fieldsFor(run.policy.bodyStorage));
    counts.fetched += found.length;
    counts.gone += gone.length;
    ready.push(...found);
  }
  const emails: EmailToRecord[] = [];
  const graphIds: string[] = [];
  const skipped = new Map<SkipReason, number>();
  for (const message of ready) {
    const mapped = toEmailToRecord(message, run.policy);
    if ('skip' in mapped) {
      skipped.set(mapped.skip, (skipped.get(mapped.skip) ?? 0) + 1);
      continue;
    }
    emails.push(mapped.email);
    graphIds.push(message.id);
  }
  const now = deps.clock.now();
  const commit = async (tx: ScopedTx, results: { index: number; itemId: string | null }[]) => {
    const sighted = results.flatMap((r) => {
      const graphId = graphIds[r.index];
      return r.itemId && graphId ? [{ graphId, itemId: r.itemId }] : [];
    });
    if (sighted.length) {
      const rows = await tx.$queryRaw<{ inserted: boolean }[]>`
        INSERT INTO "EmailSighting" ("tenantId", "mailboxId", "graphMessageId", "itemId", "folderId", "seenAt")
        SELECT ${tenantId}::uuid, ${mailbox.id}::uuid, s.graph_id, s.item_id::uuid, ${folderId}, ${now}
        FROM unnest(${sighted.map((s) => s.graphId)}::text[], ${sighted.map((s) => s.itemId)}::text[]) AS s(graph_id, item_id)
        ON CONFLICT ("tenantId", "mailboxId", "graphMessageId") DO UPDATE
          SET "folderId" = EXCLUDED."folderId", "itemId" = EXCLUDED."itemId", "seenAt" = EXCLUDED."seenAt", "removedAt" = NULL
        RETURNING (xmax = 0) AS inserted`;
      counts.newSightings += rows.filter((r) => r.inserted).length;
    }
    if (removedIds.length) {
      // Moved to another tracked folder and already seen there: that sighting names the other folder and stays.
      const removed = await tx.emailSighting.updateMany({
        where: { mailboxId: mailbox.id, folderId, graphMessageId: { in: removedIds }, removedAt: null },
        data: { removedAt: now },
      });
      counts.removed += removed.count;
    }
    await tx.mailFolderCursor.updateMany({
      where: { mailboxId: mailbox.id, folderId },
      data: deltaLink ? { deltaLink, nextLink: null, roundsDone: { increment: 1 }, lastRoundAt: now } : { nextLink },
    });
  };
  if (emails.length) {
    const results = await recordEmails(run.ctx, emails, { onlyRelevant: true, afterWrite: commit });
    for (const r of results) {
      if (r.outcome === 'created') counts.created++;
      else if (r.outcome === 'existing') counts.existing++;
      else counts.skipped++;
    }
  } else {
    await run.db.$transaction((tx) => commit(tx, []));
  }
  const filtered = [...skipped.values()].reduce((a, b) => a + b, 0);
  counts.skipped += filtered;
  run.log.debug(
    {
      event: 'sync.page.committed',
      folderId,
      listed: listed.length,
      recorded: emails.length,
      filtered: Object.fromEntries(skipped),
      removed: removedIds.length,
      last: Boolean(deltaLink),
    },
    'sync.page.committed',
  );
}
