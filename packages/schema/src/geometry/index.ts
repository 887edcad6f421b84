export { boundsOfPoints, createMask, type BinaryMask, type Box, type Point } from './types.ts';
export { onSegment, orientation, segmentsIntersect } from './segments.ts';
export {
  allCollinear,
  distinctPointCount,
  findSelfIntersection,
  openRing,
  ringArea,
  type SelfIntersection,
} from './polygon.ts';
export { fromCocoRle, maskArea, maskBounds, toCocoRle, type CocoRle } from './rle.ts';
export { rasterizeBox, rasterizePolygon } from './raster.ts';
