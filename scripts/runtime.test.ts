// The suite must run on the Node that package.json promises. npm puts the project's
// own node@24 (node_modules/.bin) first on PATH; a script that escapes to this
// machine's older system Node would otherwise test nothing we ship.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('the runtime', () => {
  it('is a Node that package.json engines accepts, so a script on an end-of-life Node fails here', () => {
    expect(semver.validRange(pkg.engines.node)).not.toBeNull();
    expect(semver.satisfies(process.versions.node, pkg.engines.node), `running on Node ${process.versions.node}`).toBe(
      true,
    );
  });

  it('is the major version the project brings as its node dev dependency', () => {
    const wanted = semver.minVersion(pkg.devDependencies.node ?? '');
    expect(wanted, 'package.json lists node@24 as a dev dependency').not.toBeNull();
    expect(semver.major(process.versions.node)).toBe(wanted!.major);
  });
});
