export { loadFleet, type Fleet } from './fleet';
export { seedFleet, sandboxClients, type SeedResult } from './seed';
export { fleetEntities, renderEntities } from './catalog';
export { tableApplication } from './gitops';
export {
  reconcileRepository,
  watchRepository,
  type ReconcileReport,
} from './reconciler';
export { sandboxPortalConfig } from './portalConfig';
