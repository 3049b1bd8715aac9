export * from './types';
export { runMove } from './runMove';
export { isMove, MOVES, MOVES_USAGE, parseMoveArgs } from './args';
