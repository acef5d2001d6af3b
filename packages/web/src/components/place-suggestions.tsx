import type { KnownPlace } from '@kindred/contract';
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue } from 'react';
import { useTranslation } from '../lib/translation';
import { cities, useTaxonomy, type City } from '../data/taxonomy';
import { get } from '../lib/api';
import { Icon } from './icons';

/**
 * Venues to pick for what the organizer is typing as a place or an address:
 * the places of earlier activities they may see whose name or address starts
 * with it (with their pin), and the cities whose name does.
 */
export function PlaceSuggestions({ query, onPlace, onCity }: { query: string; onPlace: (place: KnownPlace) => void; onCity: (city: City) => void }) {
  const { t } = useTranslation();
  const { lang } = useTaxonomy();
  const q = useDeferredValue(query.trim());
  const found = useQuery({
    queryKey: ['places', q],
    queryFn: ({ signal }) => get<{ items: KnownPlace[] }>('/places', { q, limit: 6 }, signal),
    enabled: q.length >= 2,
    staleTime: 60_000,
  });
  if (q.length < 2) return null;
  const lowered = q.toLowerCase();
  const places = found.data?.items ?? [];
  const inCities = cities.filter((c) => c.en.toLowerCase().startsWith(lowered) || c.zh.startsWith(q));
  if (places.length === 0 && inCities.length === 0) return null;
  return (
    <div className="place-suggestions" data-testid="place-suggestions">
      <p className="place-suggestions__title muted">{t('activityForm.placeSuggestions')}</p>
      <ul>
        {places.map((place) => (
          <li key={`${place.name}|${place.address}|${place.lat}|${place.lng}`}>
            <button type="button" className="place-suggestion" onClick={() => onPlace(place)}>
              <Icon name="mapPin" size={16} />
              <span className="place-suggestion__text">
                <strong>{place.name}</strong>
                {place.address ? <span className="muted"> · {place.address}</span> : null}
                <span className="muted"> · {t('activityForm.placeUses', { count: place.uses })}</span>
              </span>
            </button>
          </li>
        ))}
        {inCities.map((city) => (
          <li key={city.key}>
            <button type="button" className="place-suggestion" onClick={() => onCity(city)}>
              <Icon name="compass" size={16} />
              <span className="place-suggestion__text">{t('activityForm.cityCentre', { city: lang === 'zh-CN' ? city.zh : city.en })}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
