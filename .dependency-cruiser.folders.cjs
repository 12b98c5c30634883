// No loop between the folders of server/src (e.g. http -> auth -> crm/tenants ->
// crm/pipelines -> http), even where no single module cycle closes it.
//
// A cruise of its own, over the modules inside those folders only: the files at the top
// of server/src are the composition root (main.ts, app.ts import every folder) and the
// config leaf (config.ts, imported by auth/), so counting that top folder as one node
// would report a loop through it for every folder main.ts reaches. Module cycles
// through those files are still caught by no-circular in .dependency-cruiser.cjs.
const { options } = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular-folders',
      comment: 'The folders of server/src depend on each other in one direction.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: { ...options, includeOnly: '^server/src/[^/]+/' },
};
