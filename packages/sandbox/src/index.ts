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
export { applyAckTable, renderAckTables } from './chain/reconcile';
export { ackDelta, readBack } from './chain/ackCompare';
export {
  EVENTS_BUS_NAME,
  EVENTS_DLQ_NAME,
  EVENTS_MAX_RECEIVE_COUNT,
  EVENTS_QUEUE_NAME,
  EVENTS_REGION,
  eventBridgeClient,
  eventsQueueUrl,
  seedEvents,
  sqsClient,
  type SeededEvents,
} from './events';
export * from './cloudTrailEvents';
export {
  MoveInputError,
  runMove,
  type MoveName,
  type MoveRequest,
  type MoveResult,
} from './moves';
