import type { DistanceBucket } from '@kindred/contract';
import { EARTH_RADIUS_KM, greatCircleKm } from './geo.js';

/**
 * Location privacy for companions (see docs/privacy.md). A member's point is
 * replaced by the centre of a fixed grid cell before it is stored, and
 * distances between members are only shown in buckets. Every answer the API
 * gives about a member's place is then a function of their cell alone, so no
 * number of probes from chosen places can locate them more finely than a cell.
 */
export const GRID_CELL_KM = 2;

const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;
const LAT_STEP = GRID_CELL_KM / KM_PER_DEGREE;

export interface CellCentre {
  lat: number;
  lng: number;
}

/**
 * The centre of the grid cell holding a point. Rows are LAT_STEP degrees tall;
 * each row is cut into a whole number of columns about GRID_CELL_KM wide at the
 * row's centre latitude, so cells stay roughly square away from the equator.
 */
export function snapToGrid(lat: number, lng: number): CellCentre {
  const rows = Math.round(180 / LAT_STEP);
  const row = Math.min(rows - 1, Math.max(0, Math.floor((lat + 90) / LAT_STEP)));
  const centreLat = -90 + (row + 0.5) * LAT_STEP;
  const rowWidthKm = 360 * KM_PER_DEGREE * Math.cos((centreLat * Math.PI) / 180);
  const columns = Math.max(1, Math.floor(rowWidthKm / GRID_CELL_KM));
  const lngStep = 360 / columns;
  const column = Math.min(columns - 1, Math.max(0, Math.floor((lng + 180) / lngStep)));
  return { lat: round(centreLat), lng: round(-180 + (column + 0.5) * lngStep) };
}

function round(value: number) {
  return Math.round(value * 1e6) / 1e6;
}

/** Distance between two cell centres, km. */
export function cellDistanceKm(a: CellCentre, b: CellCentre): number {
  return greatCircleKm(a.lat, a.lng, b.lat, b.lng);
}

const BUCKETS: [number, DistanceBucket][] = [
  [1, 'under_1km'],
  [3, '1_3km'],
  [5, '3_5km'],
  [10, '5_10km'],
];

export function distanceBucket(km: number): DistanceBucket {
  for (const [limit, bucket] of BUCKETS) if (km < limit) return bucket;
  return 'over_10km';
}

export const BUCKET_PHRASES: Record<DistanceBucket, { en: string; zh: string }> = {
  under_1km: { en: 'under 1 km apart', zh: '相距不到 1 公里' },
  '1_3km': { en: 'about 1–3 km apart', zh: '相距约 1–3 公里' },
  '3_5km': { en: 'about 3–5 km apart', zh: '相距约 3–5 公里' },
  '5_10km': { en: 'about 5–10 km apart', zh: '相距约 5–10 公里' },
  over_10km: { en: 'over 10 km apart', zh: '相距超过 10 公里' },
};
