import { lazy, Suspense, useEffect, useRef, useState } from 'react';

export interface MapPoint {
  lat: number;
  lng: number;
}

export interface MapMarker extends MapPoint {
  id: number;
  /** Shown on hover and read by screen readers. */
  label: string;
  /** How many things share this point: a pin for several shows the number. */
  count?: number;
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
  /** The member moved the map (dragged, zoomed, by touch, mouse or keys): its view now, west to east. */
  onViewChange?: (view: { south: number; west: number; north: number; east: number }) => void;
  /** Load the map only once it nears the screen (a map far down a page is not worth its cost up front). */
  whenVisible?: boolean;
}

// Leaflet is loaded only when a map is shown, keeping it out of the first page load.
const LeafletMap = lazy(() => import('./leaflet-map').then((m) => ({ default: m.LeafletMap })));

/** A Leaflet map: tiles when the server configures them, otherwise a plain background with pins and a scale. */
export function MapView({ whenVisible = false, ...props }: MapViewProps) {
  const placeholder = useRef<HTMLDivElement>(null);
  const near = useNearScreen(placeholder, !whenVisible);
  const fallback = <div ref={placeholder} className={`map map--${props.size ?? 'md'} map--loading`} aria-hidden="true" data-testid={whenVisible ? props.testId : undefined} />;
  if (!near) return fallback;
  return (
    <Suspense fallback={fallback}>
      <LeafletMap {...props} />
    </Suspense>
  );
}

/** Whether the element is on the screen or within a short scroll of it (once true, stays true). */
function useNearScreen(ref: React.RefObject<HTMLElement | null>, initially: boolean): boolean {
  const [near, setNear] = useState(initially);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    if (typeof IntersectionObserver === 'undefined') return setNear(true);
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNear(true);
    }, { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near, ref]);
  return near;
}
