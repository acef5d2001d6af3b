import { lazy, Suspense } from 'react';

export interface MapPoint {
  lat: number;
  lng: number;
}

export interface MapMarker extends MapPoint {
  id: number;
  /** Shown on hover and read by screen readers. */
  label: string;
}

export interface MapViewProps {
  /** What the map shows, for assistive tech. */
  label: string;
  center: MapPoint;
  /** Draws the search circle and frames the map on it. */
  radiusKm?: number;
  /** Zoom when there is no radius to frame. */
  zoom?: number;
  markers?: MapMarker[];
  selectedId?: number | null;
  onSelect?: (id: number) => void;
  /** Where the member is (home, their location or a city): a small dot. */
  origin?: MapPoint | null;
  /** Clicking the map picks a point (the activity form). */
  onPick?: (point: MapPoint) => void;
  /** A single pin (an activity's place, or the picked point). */
  pin?: MapPoint | null;
  size?: 'sm' | 'md' | 'lg';
  testId?: string;
}

// Leaflet is loaded only when a map is shown, keeping it out of the first page load.
const LeafletMap = lazy(() => import('./leaflet-map').then((m) => ({ default: m.LeafletMap })));

/** A Leaflet map: tiles when the server configures them, otherwise a plain background with pins and a scale. */
export function MapView(props: MapViewProps) {
  return (
    <Suspense fallback={<div className={`map map--${props.size ?? 'md'} map--loading`} aria-hidden="true" />}>
      <LeafletMap {...props} />
    </Suspense>
  );
}
