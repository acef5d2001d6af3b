import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplicaLag } from '../src/db/replica.js';

test('the replica is as fresh as the latest primary position it has replayed', () => {
  const lag = new ReplicaLag(1000);
  assert.equal(lag.withinBound(0), false, 'before any check the replica is not known to be fresh');
  // The primary at 100 at t=0; the replica has replayed it.
  lag.observe(0, 100n, 100n);
  assert.equal(lag.withinBound(900), true, 'fresh as of t=0');
  // The primary moves on; the replica stalls at 100.
  lag.observe(200, 150n, 100n);
  lag.observe(400, 200n, 100n);
  assert.equal(lag.withinBound(1000), true, 'within a second of the last position it replayed');
  assert.equal(lag.withinBound(1001), false, 'more than a second behind: skipped');
  // Replay resumes past the position noted at t=200, not yet the one at t=400.
  lag.observe(1200, 260n, 180n);
  assert.equal(lag.withinBound(1200), true, 'fresh as of t=200 again');
  assert.equal(lag.withinBound(1201), false, 'but not later than the bound after it');
  lag.observe(1400, 260n, 260n);
  assert.equal(lag.withinBound(2400), true, 'caught up with everything noted');
});

test('a replica that is not a standby (nothing to replay) is as fresh as the primary', () => {
  const lag = new ReplicaLag(1000);
  lag.observe(500, 100n, null);
  assert.equal(lag.withinBound(1500), true, 'fresh as of the check');
  assert.equal(lag.withinBound(1501), false, 'checks must keep coming to stay fresh');
});
