import { useQuery } from '@tanstack/react-query';
import { get } from '../lib/api';

/** Settings the server gives the web app. */
export interface AppConfig {
  /** Map tile URL template ({z}/{x}/{y}); null means maps are drawn without tiles. */
  mapTileUrl: string | null;
  mapAttribution: string;
}

export const configKeys = {
  config: ['config'] as const,
};

export function useAppConfig() {
  return useQuery({
    queryKey: configKeys.config,
    queryFn: ({ signal }) => get<AppConfig>('/config', undefined, signal),
    staleTime: Infinity,
  });
}
