import type { FollowState } from '@kindred/contract';

/** Where a follow stands, from its row's status (none when there is no row). */
export function followState(status: 'active' | 'pending' | undefined): FollowState {
  return status === 'active' ? 'following' : status === 'pending' ? 'requested' : 'none';
}
