/**
 * IANA time zones and the fixed UTC offsets cdk8s-slo's calendar periods use, in both directions: OpenSLO
 * calendar windows name a zone, cdk8s-slo periods have an offset (PromQL has no time-zone database).
 */
import { formatUtcOffset } from '../model/calendar-period';
import { SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';

/**
 * Zones that keep one offset all year for the offsets that are not whole hours (there is no `Etc/` zone
 * for them). Only zones without daylight saving time, so that a reader computes the same period starts.
 */
const FIXED_ZONES_OF_PART_HOUR_OFFSETS: Readonly<Record<string, string>> = {
  '-09:30': 'Pacific/Marquesas',
  '+04:30': 'Asia/Kabul',
  '+05:30': 'Asia/Kolkata',
  '+05:45': 'Asia/Kathmandu',
  '+06:30': 'Asia/Yangon',
  '+08:45': 'Australia/Eucla',
  '+09:30': 'Australia/Darwin',
};

/**
 * The IANA zone that is always `offsetSeconds` east of UTC: `UTC`, `Etc/GMT-5` for UTC+05:00 (the `Etc/`
 * signs are POSIX's, inverted), a zone without daylight saving for a part-hour offset; undefined when
 * no such zone exists (UTC−03:30 is only Newfoundland's standard time, which has daylight saving).
 */
export function fixedOffsetZone(offsetSeconds: number): string | undefined {
  if (offsetSeconds === 0) return 'UTC';
  if (offsetSeconds % SECONDS_PER_HOUR === 0) {
    const hours = offsetSeconds / SECONDS_PER_HOUR;
    return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
  }
  return FIXED_ZONES_OF_PART_HOUR_OFFSETS[formatUtcOffset(offsetSeconds)];
}

/** The part-hour offsets `fixedOffsetZone` has a zone for, for messages. */
export const PART_HOUR_OFFSETS_WITH_ZONES: readonly string[] = Object.keys(FIXED_ZONES_OF_PART_HOUR_OFFSETS);

/** How a zone maps to one fixed offset. */
export interface ZoneOffset {
  /** Seconds east of UTC: the zone's standard time. */
  readonly offsetSeconds: number;
  /** The offset the zone has during daylight saving time, when it has one in the year asked about. */
  readonly daylightOffsetSeconds?: number;
}

const ETC_GMT = /^Etc\/GMT([+-])(\d{1,2})$/;
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/GMT0', 'Etc/GMT+0', 'Etc/GMT-0', 'Etc/Universal', 'Etc/Zulu', 'Etc/UCT', 'UCT', 'Universal', 'Zulu']);

/**
 * The standard offset of an IANA zone in `year` (the smaller of its January and July offsets: daylight
 * saving time moves clocks forward in either hemisphere), and its daylight offset when that differs;
 * undefined when the zone is not known.
 */
export function zoneOffset(zone: string, year: number): ZoneOffset | undefined {
  if (UTC_NAMES.has(zone)) return { offsetSeconds: 0 };
  const etc = ETC_GMT.exec(zone);
  if (etc) {
    const hours = Number(etc[2]);
    // POSIX signs: Etc/GMT+5 is five hours west of Greenwich.
    const west = etc[1] === '+';
    if (hours > (west ? 12 : 14)) return undefined;
    return { offsetSeconds: hours === 0 ? 0 : (west ? -hours : hours) * SECONDS_PER_HOUR };
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    return undefined;
  }
  const january = offsetAt(format, Date.UTC(year, 0, 1));
  const july = offsetAt(format, Date.UTC(year, 6, 1));
  const standard = Math.min(january, july);
  const daylight = Math.max(january, july);
  return daylight !== standard ? { offsetSeconds: standard, daylightOffsetSeconds: daylight } : { offsetSeconds: standard };
}

/** The zone's offset at an instant: its wall-clock time read as UTC, minus the instant. */
function offsetAt(format: Intl.DateTimeFormat, epochMillis: number): number {
  const parts = Object.fromEntries(format.formatToParts(new Date(epochMillis)).map((part) => [part.type, part.value]));
  const [year, month, day, hour, minute, second] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map((type) => Number(parts[type]));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const seconds = Math.round((wall - epochMillis) / 1000 / SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE;
  return seconds === 0 ? 0 : seconds;
}
