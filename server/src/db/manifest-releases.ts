// The release number of the manifests for a host: it goes up by one whenever what is
// rendered for that host changes (the admin center takes an update only with a higher
// version), and stays put while it does not. Not a tenant's data: the manifests belong
// to this server's public hosts.
import type { SystemDb } from './client.ts';

/** A few rounds are enough: each retry follows another process's change of the row. */
const MAX_ATTEMPTS = 5;

/**
 * The release of `contentHash` for `host`: the stored one when the hash is unchanged,
 * else the next number (the first content of a host is release 1). One statement
 * decides: the upsert takes the row's lock, so of two processes handing out different
 * content at once each gets its own number, and two with the same content get the same.
 */
export async function allocateManifestRelease(system: SystemDb, host: string, contentHash: string): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const bumped = await system.$queryRaw<{ release: number }[]>`
      INSERT INTO "ManifestRelease" ("host", "contentHash", "release", "updatedAt")
      VALUES (${host}, ${contentHash}, 1, now())
      ON CONFLICT ("host") DO UPDATE
        SET "contentHash" = EXCLUDED."contentHash",
            "release" = "ManifestRelease"."release" + 1,
            "updatedAt" = now()
        WHERE "ManifestRelease"."contentHash" <> EXCLUDED."contentHash"
      RETURNING "release"`;
    if (bumped[0]) return bumped[0].release;
    // Unchanged (no row returned): read the release, unless another process changed the content since.
    const current = await system.manifestRelease.findFirst({
      where: { host, contentHash },
      select: { release: true },
    });
    if (current) return current.release;
  }
  throw new Error(`The manifest release of ${host} kept changing under ${MAX_ATTEMPTS} attempts`);
}
