import type { Media } from '@kindred/contract';
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { useMe } from '../data/session';
import { ReportDialog } from './companion-dialogs';
import { ConfirmDialog } from './dialog';
import { Icon } from './icons';
import { Photo } from './photo';

/**
 * A post's photos above its text: one wide, or a grid of up to nine; a tap
 * opens the full-screen viewer at that photo.
 */
export function PhotoGallery({ photos, compact = false, onRemove }: { photos: Media[]; compact?: boolean; onRemove?: (photo: Media) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  if (!photos.length) return null;
  const single = photos.length === 1;
  return (
    <>
      <ul className={`gallery${single ? ' gallery--single' : ''}${compact ? ' gallery--compact' : ''}`} data-testid="gallery">
        {photos.map((photo, i) => (
          <li key={photo.id}>
            <button type="button" className="gallery__item" onClick={() => setOpen(i)} aria-label={t('photos.open', { n: i + 1, count: photos.length })} data-testid="gallery-photo">
              <Photo media={photo} fit={single ? 'contain' : 'cover'} sizes={compact ? '240px' : single ? '(min-width: 760px) 720px, 100vw' : '(min-width: 760px) 240px, 33vw'} eager={!compact && i < 3} />
            </button>
          </li>
        ))}
      </ul>
      {open !== null ? <PhotoViewer photos={photos} start={open} onClose={() => setOpen(null)} onRemove={onRemove} /> : null}
    </>
  );
}

/**
 * Photos full-screen, one at a time: swipe (or the arrows, or ← →) between
 * them; pinch or double-tap to zoom, drag to look around; Esc closes. Where
 * the viewer moderates the place, `onRemove` offers to remove the photo shown.
 */
export function PhotoViewer({ photos, start, onClose, onRemove }: { photos: Media[]; start: number; onClose: () => void; onRemove?: (photo: Media) => Promise<unknown> }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const track = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState(start);
  const [reporting, setReporting] = useState(false);
  const [removing, setRemoving] = useState(false);
  const me = useMe();

  useEffect(() => {
    dialog.current?.showModal();
    const el = track.current;
    if (el) el.scrollLeft = start * el.clientWidth;
  }, [start]);

  const go = (to: number) => {
    const el = track.current;
    if (!el || to < 0 || to >= photos.length) return;
    el.scrollTo({ left: to * el.clientWidth, behavior: 'smooth' });
    setIndex(to);
  };

  return (
    <dialog
      ref={dialog}
      className="viewer"
      aria-label={t('photos.viewer')}
      onClose={onClose}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        go(index + (e.key === 'ArrowLeft' ? -1 : 1));
      }}
      data-testid="photo-viewer"
    >
      <div
        ref={track}
        className="viewer__track"
        tabIndex={0}
        role="region"
        aria-label={t('photos.viewer')}
        onScroll={(e) => {
          const el = e.currentTarget;
          setIndex(Math.round(el.scrollLeft / Math.max(1, el.clientWidth)));
        }}
      >
        {photos.map((photo, i) => (
          <div key={photo.id} className="viewer__slide" aria-hidden={i !== index}>
            <ZoomablePhoto media={photo} active={i === index} />
          </div>
        ))}
      </div>
      <p className="viewer__position" aria-live="polite" data-testid="viewer-position">
        {t('photos.position', { n: index + 1, count: photos.length })}
      </p>
      {photos[index]?.alt ? <p className="viewer__caption">{photos[index]!.alt}</p> : null}
      <button type="button" className="viewer__close icon-button" onClick={() => dialog.current?.close()} aria-label={t('common.close')} autoFocus>
        <Icon name="x" />
      </button>
      {me && photos[index] ? (
        <>
          <button type="button" className="viewer__report icon-button" onClick={() => setReporting(true)} aria-label={t('photos.report')} title={t('photos.report')} data-testid="report-photo">
            <Icon name="flag" />
          </button>
          <ReportDialog open={reporting} target={{ kind: 'photo', id: photos[index]!.id }} onClose={() => setReporting(false)} />
        </>
      ) : null}
      {onRemove && photos[index] ? (
        <>
          <button type="button" className="viewer__remove icon-button" onClick={() => setRemoving(true)} aria-label={t('photos.takeDown')} title={t('photos.takeDown')} data-testid="remove-photo">
            <Icon name="trash" />
          </button>
          <ConfirmDialog
            open={removing}
            title={t('photos.removeTitle')}
            confirmLabel={t('photos.takeDown')}
            danger
            onClose={() => setRemoving(false)}
            onConfirm={() => {
              setRemoving(false);
              void onRemove(photos[index]!).then(() => dialog.current?.close());
            }}
          />
        </>
      ) : null}
      {index > 0 ? (
        <button type="button" className="viewer__nav viewer__nav--prev icon-button" onClick={() => go(index - 1)} aria-label={t('photos.previous')}>
          <Icon name="back" />
        </button>
      ) : null}
      {index < photos.length - 1 ? (
        <button type="button" className="viewer__nav viewer__nav--next icon-button" onClick={() => go(index + 1)} aria-label={t('photos.next')} data-testid="viewer-next">
          <Icon name="chevronRight" />
        </button>
      ) : null}
    </dialog>
  );
}

const MAX_ZOOM = 4;

/** One photo of the viewer: two fingers pinch it larger (up to 4×), one drags it while zoomed, a double tap toggles 2.5×. */
function ZoomablePhoto({ media, active }: { media: Media; active: boolean }) {
  const { t } = useTranslation();
  const [view, setView] = useState({ scale: 1, x: 0, y: 0 });
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ distance: number; scale: number } | null>(null);

  useEffect(() => {
    if (!active) setView({ scale: 1, x: 0, y: 0 });
  }, [active]);

  const spread = () => {
    const [a, b] = [...pointers.current.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };
  const down = (e: ReactPointerEvent) => {
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2) {
      gesture.current = { distance: spread(), scale: view.scale };
      e.currentTarget.setPointerCapture(e.pointerId);
    } else if (view.scale > 1) e.currentTarget.setPointerCapture(e.pointerId);
  };
  const move = (e: ReactPointerEvent) => {
    const last = pointers.current.get(e.pointerId);
    if (!last) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2 && gesture.current && gesture.current.distance > 0) {
      const scale = Math.min(MAX_ZOOM, Math.max(1, (gesture.current.scale * spread()) / gesture.current.distance));
      setView((v) => ({ ...v, scale }));
    } else if (pointers.current.size === 1 && view.scale > 1) {
      setView((v) => ({ ...v, x: v.x + e.clientX - last.x, y: v.y + e.clientY - last.y }));
    }
  };
  const up = (e: ReactPointerEvent) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) gesture.current = null;
    setView((v) => (v.scale < 1.05 ? { scale: 1, x: 0, y: 0 } : v));
  };

  return (
    <div
      className={`viewer__zoom${view.scale > 1 ? ' viewer__zoom--zoomed' : ''}`}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onDoubleClick={() => setView((v) => (v.scale > 1 ? { scale: 1, x: 0, y: 0 } : { scale: 2.5, x: 0, y: 0 }))}
      title={t('photos.zoomHint')}
      data-testid="viewer-photo"
      data-zoom={view.scale.toFixed(2)}
    >
      <Photo media={media} sizes="100vw" eager={active} style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }} />
    </div>
  );
}
