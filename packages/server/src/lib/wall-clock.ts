/**
 * An instant as the wall clock of an IANA time zone shows it, for lists that
 * show many times: asking Intl for every time costs tens of microseconds, so
 * the zone's UTC offset is looked up once per zone and UTC day. A day whose
 * offset differs at its two ends holds a transition (daylight saving); its
 * instants are then asked one by one.
 */
const DAY_MS = 86_400_000;
const MAX_CACHED_DAYS = 20_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const dayOffsets = new Map<string, { start: number; end: number }>();

function formatter(zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in minutes (exact, slow). */
function offsetAt(ms: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

function offsetMinutes(ms: number, zone: string): number {
  const day = Math.floor(ms / DAY_MS);
  const key = `${zone}|${day}`;
  let offsets = dayOffsets.get(key);
  if (!offsets) {
    if (dayOffsets.size >= MAX_CACHED_DAYS) dayOffsets.clear();
    offsets = { start: offsetAt(day * DAY_MS, zone), end: offsetAt((day + 1) * DAY_MS - 1, zone) };
    dayOffsets.set(key, offsets);
  }
  return offsets.start === offsets.end ? offsets.start : offsetAt(ms, zone);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `at` in `zone`: local date and time to the minute ('yyyy-MM-ddTHH:mm') and the offset ('+08:00'). */
export function wallClock(at: Date, zone: string): { local: string; offset: string } {
  const offset = offsetMinutes(at.getTime(), zone);
  const wall = new Date(at.getTime() + offset * 60_000);
  const size = Math.abs(offset);
  return {
    local: `${String(wall.getUTCFullYear()).padStart(4, '0')}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}T${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`,
    offset: `${offset < 0 ? '-' : '+'}${two(Math.floor(size / 60))}:${two(size % 60)}`,
  };
}
