/**
 * Test utilities: a moto server of a test's own, its request recorder, and raw calls for what the product
 * never calls (IAM, Organizations writes).
 *
 * @packageDocumentation
 */
export {
  freePort,
  motoCall,
  motoRecorder,
  startMoto,
  type RecordedRequest,
} from './moto';
