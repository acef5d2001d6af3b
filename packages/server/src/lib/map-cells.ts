import { cellToLatLng, getHexagonEdgeLengthAvg, gridDisk, latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { greatCircleKm } from './geo.js';

/**
 * The hierarchical map grid (H3) that precomputed "near me" lists are kept by.
 * A place is in one cell per resolution, finest first; a search picks the
 * finest resolution whose cells it needs only a few dozen of, so a 5 km and a
 * 500 km radius both read a bounded number of lists.
 */
export const MAP_RESOLUTIONS = [5, 4, 3, 2] as const;

const EDGE_KM = new Map(MAP_RESOLUTIONS.map((r) => [r, getHexagonEdgeLengthAvg(r, 'km')]));
/**
 * Cells vary in size over the globe (pentagons, projection distortion); these
 * bounds on a cell's centre-to-corner distance and centre-to-centre spacing,
 * relative to the average edge, err on the side of reading one cell too many.
 */
const CORNER = 1.5;
const SPACING = Math.sqrt(3) * 0.7;

/** The cells a place is in, one per resolution of MAP_RESOLUTIONS. */
export function mapCells(lat: number, lng: number): string[] {
  return MAP_RESOLUTIONS.map((r) => latLngToCell(lat, lng, r));
}

export interface CellAround {
  cell: string;
  /** From the search's centre to the cell's centre, km. */
  distanceKm: number;
}

/**
 * The cells of a disk with their centres, by its centre cell and rings: most
 * searches start in a few cells (a city's members) with a few radii, and
 * walking the disk is most of a search's grid work. Oldest dropped first.
 */
const disks = new Map<string, { cell: string; lat: number; lng: number }[]>();
const DISKS_KEPT = 2000;

function diskAround(centre: string, rings: number) {
  const key = `${centre}:${rings}`;
  let disk = disks.get(key);
  if (!disk) {
    disk = gridDisk(centre, rings).map((cell) => {
      const [lat, lng] = cellToLatLng(cell);
      return { cell, lat, lng };
    });
    if (disks.size >= DISKS_KEPT) disks.delete(disks.keys().next().value!);
    disks.set(key, disk);
  }
  return disk;
}

/** Every cell (of one resolution) that may hold a place within `radiusKm` of the centre. */
export function cellsAround(lat: number, lng: number, radiusKm: number): CellAround[] {
  const res = MAP_RESOLUTIONS.find((r) => radiusKm <= 4 * EDGE_KM.get(r)!) ?? MAP_RESOLUTIONS.at(-1)!;
  const edge = EDGE_KM.get(res)!;
  const reach = radiusKm + CORNER * edge;
  const rings = Math.ceil((reach + CORNER * edge) / (SPACING * edge));
  const cells: CellAround[] = [];
  for (const c of diskAround(latLngToCell(lat, lng, res), rings)) {
    const distanceKm = greatCircleKm(lat, lng, c.lat, c.lng);
    if (distanceKm <= reach) cells.push({ cell: c.cell, distanceKm });
  }
  return cells;
}

/** Tables whose rows carry their place's cells in `map_cells`, by their key column. */
const PLACED = { activities: 'id', companion_cards: 'user_id' } as const;

/**
 * Job: gives map cells to rows written without them (rows from before the
 * cells existed, bulk loads); their triggers then put them in their lists.
 */
export async function fillMissingMapCells(db: Db) {
  for (const [table, key] of Object.entries(PLACED)) {
    for (;;) {
      const { rows } = await sql<{ key: number; lat: number; lng: number }>`select ${sql.ref(key)} as key, lat, lng from ${sql.table(table)} where map_cells is null limit 1000`.execute(db);
      if (rows.length === 0) break;
      const cells = JSON.stringify(rows.map((r) => ({ key: r.key, cells: mapCells(r.lat, r.lng) })));
      await sql`update ${sql.table(table)} t set map_cells = m.cells from jsonb_to_recordset(${cells}::jsonb) as m(key bigint, cells text[])
        where t.${sql.ref(key)} = m.key`.execute(db);
    }
  }
}
