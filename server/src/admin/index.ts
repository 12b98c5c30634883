import type { RouteSpec } from '../crm/index.ts';
import { deploymentRoutes, type DeploymentDeps } from './deployment.routes.ts';
import { overviewRoutes } from './overview.routes.ts';

/** The admin console's deployment and overview routes (admins only). */
export const adminRoutes = (deps: DeploymentDeps | null): RouteSpec[] => [...overviewRoutes, ...deploymentRoutes(deps)];

export { DeploymentResponse, type DeploymentDeps } from './deployment.routes.ts';
export {
  createManifestService,
  httpsOrigin,
  manifestInvalid,
  type HostManifests,
  type ManifestKind,
  type ManifestService,
  type RenderedManifest,
} from './manifests.service.ts';
export { OverviewResponse, MAX_PROBLEMS } from './overview.routes.ts';
export { rbacPowerShell } from './rbac-powershell.ts';
