import { sql, type RawBuilder } from 'kysely';

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** Great-circle distance by the haversine formula, km. */
export function greatCircleKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The same distance in SQL, from the row's `lat`/`lng` columns to a point. */
export function distanceKmSql(lat: number, lng: number, table = 'activities'): RawBuilder<number> {
  const la = sql.ref(`${table}.lat`);
  const ln = sql.ref(`${table}.lng`);
  return sql<number>`(2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
    power(sin(radians(${la} - ${lat}::float8) / 2), 2)
    + cos(radians(${lat}::float8)) * cos(radians(${la})) * power(sin(radians(${ln} - ${lng}::float8) / 2), 2)))))`;
}

export interface LngLatBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/**
 * Boxes in (lng, lat) that together contain every point within `radiusKm` of
 * the centre: one box normally, two when the circle crosses the antimeridian,
 * a full band of longitudes when it contains a pole. A GiST index on
 * point(lng, lat) answers them; the exact distance filters the corners.
 */
export function boundingBoxes(lat: number, lng: number, radiusKm: number): LngLatBox[] {
  const angular = radiusKm / EARTH_RADIUS_KM;
  const minLat = lat - deg(angular);
  const maxLat = lat + deg(angular);
  if (maxLat >= 90 || minLat <= -90 || angular >= Math.PI / 2) {
    return [{ minLng: -180, maxLng: 180, minLat: Math.max(minLat, -90), maxLat: Math.min(maxLat, 90) }];
  }
  // Widest longitude reached by the circle (Matuschek, "Finding Points Within a Distance").
  const dLng = deg(Math.asin(Math.min(1, Math.sin(angular) / Math.cos(rad(lat)))));
  const west = lng - dLng;
  const east = lng + dLng;
  if (west < -180) {
    return [
      { minLng: west + 360, maxLng: 180, minLat, maxLat },
      { minLng: -180, maxLng: east, minLat, maxLat },
    ];
  }
  if (east > 180) {
    return [
      { minLng: west, maxLng: 180, minLat, maxLat },
      { minLng: -180, maxLng: east - 360, minLat, maxLat },
    ];
  }
  return [{ minLng: west, maxLng: east, minLat, maxLat }];
}

/** `point(lng, lat) <@ box` for any of the boxes, matching the activities_location_idx expression. */
export function withinBoxesSql(boxes: LngLatBox[], table = 'activities'): RawBuilder<boolean> {
  const point = sql`point(${sql.ref(`${table}.lng`)}, ${sql.ref(`${table}.lat`)})`;
  const parts = boxes.map(
    (b) => sql`${point} <@ box(point(${b.minLng}::float8, ${b.minLat}::float8), point(${b.maxLng}::float8, ${b.maxLat}::float8))`,
  );
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}
