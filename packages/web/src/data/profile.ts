import type { Profile } from '@kindred/contract';
import { useQuery } from '@tanstack/react-query';
import { get } from '../lib/api';

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
