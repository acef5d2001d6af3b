import { DateTime, IANAZone } from 'luxon';

/**
 * Converting between the wall time an organizer types ("2026-11-28T09:00" in Asia/Shanghai)
 * and the UTC instant the API stores. Only the activity form needs this, so luxon stays in its chunk.
 */

/** The UTC instant of a wall time in a zone, as ISO 8601; null when either is not valid. */
export function wallTimeToInstant(local: string, zone: string): string | null {
  if (!local || !IANAZone.isValidZone(zone)) return null;
  const at = DateTime.fromISO(local, { zone });
  return at.isValid ? at.toUTC().toISO({ suppressMilliseconds: true }) : null;
}

/** An instant as the wall time in a zone, 'YYYY-MM-DDTHH:mm' (what <input type="datetime-local"> takes). */
export function instantToWallTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** A wall time some days from now at a given hour, in a zone (a default for a new activity). */
export function wallTimeFromNow(zone: string, days: number, hour: number): string {
  return DateTime.now().setZone(zone).plus({ days }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Hours between two wall times in the same zone (for "starts in the past" and "ends before it starts"). */
export function isBefore(a: string, b: string, zone: string): boolean {
  return DateTime.fromISO(a, { zone }) < DateTime.fromISO(b, { zone });
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Every IANA zone the browser knows, with its current offset, e.g. { zone: 'Asia/Shanghai', label: 'Asia/Shanghai (GMT+8)' }. */
export function timeZoneOptions(include: string[]): { zone: string; label: string }[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = [...new Set([...include.filter(isValidZone), ...zones, 'UTC'])].sort();
  const now = DateTime.now();
  return all.map((zone) => {
    const offset = now.setZone(zone).toFormat('ZZ');
    const [sign, hh = '00', mm = '00'] = [offset[0], ...offset.slice(1).split(':')];
    const gmt = hh === '00' && mm === '00' ? 'GMT' : `GMT${sign}${Number(hh)}${mm === '00' ? '' : `:${mm}`}`;
    return { zone, label: `${zone.replace(/_/g, ' ')} (${gmt})` };
  });
}
