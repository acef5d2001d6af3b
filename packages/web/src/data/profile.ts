import type { Profile } from '@kindred/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, put } from '../lib/api';

export { useUserGroups } from './groups';
export { useUpdateMe } from './session';

export const profileKeys = {
  profile: (username: string) => ['profile', username] as const,
};

export function useProfile(username: string) {
  return useQuery({
    queryKey: profileKeys.profile(username),
    queryFn: ({ signal }) => get<Profile>(`/users/${encodeURIComponent(username)}`, undefined, signal),
    enabled: username.length > 0,
  });
}

/** Blocks a member: each is hidden from the other everywhere, so every list is re-read. */
export function useBlockMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (username: string) => put<void>(`/users/${encodeURIComponent(username)}/block`),
    onSuccess: (_v, username) => {
      qc.removeQueries({ queryKey: profileKeys.profile(username) });
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
  });
}
