import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useAppConfig } from '../data/config';
import type { MapViewProps } from './map-view';

const BRAND = '#0f766e';
const SELECTED = '#f59e0b';

/** The Leaflet implementation behind MapView (loaded lazily). */
export function LeafletMap({ label, center, radiusKm, zoom = 12, markers = [], selectedId = null, onSelect, origin, onPick, onViewChange, pin, size = 'md', testId }: MapViewProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  const config = useAppConfig();
  const tileUrl = config.data?.mapTileUrl ?? null;
  // Handlers change on every render; the map's listeners read the latest ones.
  const handlers = useRef({ onSelect, onPick, onViewChange });
  handlers.current = { onSelect, onPick, onViewChange };

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, {
      zoomControl: true,
      attributionControl: false,
      scrollWheelZoom: size === 'lg',
      worldCopyJump: true,
      // Fractional zoom lets the search circle fill the map instead of the nearest whole level.
      zoomSnap: 0.25,
    });
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(m);
    layers.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => handlers.current.onPick?.({ lat: round(e.latlng.lat), lng: round(e.latlng.lng) }));
    // A move is the member's when it follows their input on the map (the page's own framing is not reported).
    let touched = false;
    const touch = () => (touched = true);
    const container = m.getContainer();
    for (const type of ['pointerdown', 'wheel', 'keydown'] as const) container.addEventListener(type, touch, { passive: true });
    m.on('moveend', () => {
      if (!touched) return;
      touched = false;
      handlers.current.onViewChange?.(viewOf(m.getBounds()));
    });
    map.current = m;
    return () => {
      for (const type of ['pointerdown', 'wheel', 'keydown'] as const) container.removeEventListener(type, touch);
      m.remove();
      map.current = null;
      layers.current = null;
    };
  }, [size]);

  // Tiles only when the server names a tile source: nothing is fetched from the internet otherwise.
  useEffect(() => {
    const m = map.current;
    if (!m || !tileUrl) return;
    const tiles = L.tileLayer(tileUrl, { attribution: config.data?.mapAttribution ?? '', maxZoom: 19 }).addTo(m);
    const attribution = L.control.attribution({ prefix: false }).addTo(m);
    return () => {
      tiles.remove();
      attribution.remove();
    };
  }, [tileUrl, config.data?.mapAttribution]);

  // Framing: the search circle when there is one, otherwise the centre at the given zoom.
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    if (radiusKm) m.fitBounds(L.latLng(center.lat, center.lng).toBounds(radiusKm * 2000), { padding: [8, 8] });
    else m.setView([center.lat, center.lng], zoom);
  }, [center.lat, center.lng, radiusKm, zoom]);

  useEffect(() => {
    const group = layers.current;
    if (!group) return;
    group.clearLayers();
    if (radiusKm) {
      L.circle([center.lat, center.lng], { radius: radiusKm * 1000, color: BRAND, weight: 1.5, dashArray: '6 6', fillColor: BRAND, fillOpacity: 0.05, interactive: false }).addTo(group);
    }
    if (origin) {
      L.circleMarker([origin.lat, origin.lng], { radius: 7, color: '#fff', weight: 3, fillColor: '#2563eb', fillOpacity: 1, interactive: false, className: 'map-origin' }).addTo(group);
    }
    if (pin) {
      L.circleMarker([pin.lat, pin.lng], { radius: 11, color: '#fff', weight: 3, fillColor: BRAND, fillOpacity: 1, interactive: false, className: 'map-pin' }).addTo(group);
      L.circleMarker([pin.lat, pin.lng], { radius: 3.5, color: '#fff', weight: 0, fillColor: '#fff', fillOpacity: 1, interactive: false }).addTo(group);
    }
    // The selected marker last, so it sits on top.
    const ordered = [...markers].sort((a, b) => Number(a.id === selectedId) - Number(b.id === selectedId));
    for (const marker of ordered) {
      const selected = marker.id === selectedId;
      const dot = L.circleMarker([marker.lat, marker.lng], {
        radius: selected ? 12 : 9,
        color: '#fff',
        weight: 2.5,
        fillColor: selected ? SELECTED : BRAND,
        fillOpacity: 1,
        className: `map-marker${selected ? ' map-marker--selected' : ''}`,
      });
      const many = (marker.count ?? 1) > 1;
      // A pin for several at one place says how many; tapping it lists them all.
      if (many) dot.setRadius(selected ? 14 : 12);
      dot.bindTooltip(marker.label, { direction: 'top', offset: [0, -10] });
      dot.on('click', (e) => {
        L.DomEvent.stopPropagation(e);
        handlers.current.onSelect?.(marker.id);
      });
      dot.addTo(group);
      const path = dot.getElement();
      if (path) {
        path.setAttribute('data-testid', `map-marker-${marker.id}`);
        path.setAttribute('role', 'img');
        path.setAttribute('aria-label', marker.label);
        if (many) path.setAttribute('data-count', String(marker.count));
      }
      if (many) {
        L.marker([marker.lat, marker.lng], {
          icon: L.divIcon({ className: 'map-marker__count', html: String(marker.count), iconSize: [24, 24] }),
          interactive: false,
          keyboard: false,
        }).addTo(group);
      }
    }
  }, [markers, selectedId, origin?.lat, origin?.lng, pin?.lat, pin?.lng, center.lat, center.lng, radiusKm]);

  return (
    <div
      ref={el}
      className={`map map--${size}${tileUrl ? '' : ' map--plain'}${onPick ? ' map--pick' : ''}`}
      role="region"
      aria-label={label}
      data-testid={testId}
    />
  );
}

/** The map's bounds as latitudes and longitudes within range, west to east (a view across the antimeridian keeps its larger side). */
function viewOf(bounds: L.LatLngBounds) {
  const clampLat = (lat: number) => Math.max(-85, Math.min(85, lat));
  // A world copy panned to: shift the view back so its centre is within [-180, 180].
  const shift = Math.round(bounds.getCenter().lng / 360) * 360;
  let west = bounds.getWest() - shift;
  let east = bounds.getEast() - shift;
  if (west < -180 && east <= 180) {
    if (east + 180 >= -180 - west) west = -180;
    else [west, east] = [west + 360, 180];
  } else if (east > 180 && west >= -180) {
    if (180 - west >= east - 180) east = 180;
    else [west, east] = [-180, east - 360];
  }
  return { south: round(clampLat(bounds.getSouth())), west: round(Math.max(-180, west)), north: round(clampLat(bounds.getNorth())), east: round(Math.min(180, east)) };
}

function round(n: number) {
  return Math.round(n * 1e5) / 1e5;
}
