import type { Circles } from './follows.js';
import type { BulkLoader } from './loader.js';
import type { Random } from './random.js';
import type { Scale } from './scales.js';
import type { Tables } from './tables.js';
import type { GenCity } from './world.js';

/** What every phase of a generation shares. */
export interface Gen {
  rng: Random;
  /** A stream of its own for the follow graph and privacy settings, so adding them left the rest of a seed's data as it was. */
  social: Random;
  scale: Scale;
  /** The generation's "now", epoch ms: everything is dated relative to it. */
  now: number;
  loader: BulkLoader;
  t: Tables;
  cities: GenCity[];
  cityShareTotals: Float64Array;
  /** The last id written per table; the next row gets ++ids[table]. */
  ids: Record<'users' | 'groups' | 'posts' | 'comments' | 'activities' | 'registrations' | 'payments' | 'ledger_accounts' | 'ledger_transactions' | 'media', number>;
  /** Ledger account ids already known: provider cash per currency, organizer payables per member id. */
  providerCash: Map<string, number>;
  organizerPayable: Map<number, number>;
  picker: DistinctPicker;
  /** Groups' members and activities' participants, recorded as they are made, for the follow graph. */
  circles: Circles;
}

/**
 * Draws distinct members without a Set per draw: a member is taken when its
 * mark differs from the draw's stamp, and every draw gets a fresh stamp.
 */
export class DistinctPicker {
  private marks: Int32Array;
  private stamp = 0;

  constructor(
    private rng: Random,
    members: number,
  ) {
    this.marks = new Int32Array(members);
  }

  /** Starts a new draw; members taken in earlier draws are available again. */
  begin(): number {
    return ++this.stamp;
  }

  /** Marks a member as taken in the current draw (e.g. the organizer, so they are never drawn). */
  exclude(member: number) {
    this.marks[member] = this.stamp;
  }

  taken(member: number) {
    return this.marks[member] === this.stamp;
  }

  /**
   * Appends up to `count` members of items[from, to) not yet taken in this
   * draw to `out`, uniformly; returns how many it found. Rejection sampling
   * while the wanted share is small, otherwise one selection-sampling pass.
   */
  draw(items: ArrayLike<number>, from: number, to: number, count: number, out: number[]): number {
    const length = to - from;
    if (length <= 0 || count <= 0) return 0;
    const marks = this.marks;
    const stamp = this.stamp;
    let got = 0;
    if (count * 4 < length) {
      for (let attempts = 0; got < count && attempts < count * 3 + 10; attempts++) {
        const member = items[from + Math.floor(this.rng.next() * length)]!;
        if (marks[member] !== stamp) {
          marks[member] = stamp;
          out.push(member);
          got++;
        }
      }
      if (got === count) return got;
    }
    let needed = count - got;
    let left = length;
    for (let i = from; i < to && needed > 0; i++, left--) {
      const member = items[i]!;
      if (marks[member] === stamp) continue;
      if (this.rng.next() * left < needed) {
        marks[member] = stamp;
        out.push(member);
        needed--;
        got++;
      }
    }
    return got;
  }
}
