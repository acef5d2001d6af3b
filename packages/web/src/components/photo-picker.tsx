import type { Media, PhotoRef } from '@kindred/contract';
import { MAX_POST_PHOTOS, TEXT_LIMITS } from '@kindred/contract/limits';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../lib/translation';
import { isApiError } from '../lib/api';
import { useErrorMessage } from '../lib/errors';
import { uploadPhoto } from '../lib/upload';
import { TextLimit } from './form-field';
import { Icon } from './icons';

/** Largest photo the server takes; larger ones are refused here, before the upload. */
const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
/** The photo types Kindred takes, for a file input's `accept`. */
export const PHOTO_TYPES = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

export interface PickedPhoto {
  key: string;
  /** A picked file (absent for a photo the post already had). */
  file?: File;
  preview: string;
  status: 'uploading' | 'done' | 'failed';
  progress: number;
  media?: Media;
  error?: unknown;
  alt: string;
}

let nextKey = 0;

/**
 * The photos of a gallery being written: picked files upload at once (with
 * their progress), a failed one can be retried, and the list can be
 * reordered, trimmed and described. `photos` is what to send once nothing is
 * uploading or failed.
 */

const ALT_LIMIT = TEXT_LIMITS.photoAlt;
export function usePhotoPicker(initial: Media[] = [], max = MAX_POST_PHOTOS) {
  const [items, setItems] = useState<PickedPhoto[]>(() =>
    initial.map((media) => ({ key: `m${media.id}`, preview: media.variants[0]?.url ?? '', status: 'done', progress: 1, media, alt: media.alt })),
  );
  const previews = useRef(new Set<string>());
  useEffect(() => () => previews.current.forEach((url) => URL.revokeObjectURL(url)), []);

  const update = useCallback((key: string, patch: Partial<PickedPhoto>) => setItems((all) => all.map((p) => (p.key === key ? { ...p, ...patch } : p))), []);

  const start = useCallback(
    (key: string, file: File) => {
      if (file.size > MAX_PHOTO_BYTES) return update(key, { status: 'failed', error: new Error('too_large') });
      update(key, { status: 'uploading', progress: 0, error: undefined });
      uploadPhoto(file, (progress) => update(key, { progress }))
        .then((media) => update(key, { status: 'done', media, progress: 1 }))
        .catch((error: unknown) => update(key, { status: 'failed', error }));
    },
    [update],
  );

  /** Adds picked files up to the limit; returns how many were left out. */
  const add = (files: File[]) => {
    const room = Math.max(0, max - items.length);
    const taken = files.slice(0, room).map((file) => {
      const preview = URL.createObjectURL(file);
      previews.current.add(preview);
      return { key: `f${nextKey++}`, file, preview, status: 'uploading' as const, progress: 0, alt: '' };
    });
    setItems((all) => [...all, ...taken]);
    for (const item of taken) start(item.key, item.file);
    return files.length - taken.length;
  };
  const remove = (key: string) => setItems((all) => all.filter((p) => p.key !== key));
  const move = (key: string, by: -1 | 1) =>
    setItems((all) => {
      const from = all.findIndex((p) => p.key === key);
      const to = from + by;
      if (from < 0 || to < 0 || to >= all.length) return all;
      const next = [...all];
      [next[from], next[to]] = [next[to]!, next[from]!];
      return next;
    });
  const retry = (key: string) => {
    const item = items.find((p) => p.key === key);
    if (item?.file) start(key, item.file);
  };
  const setAlt = (key: string, alt: string) => update(key, { alt });

  const photos: PhotoRef[] = items.filter((p) => p.media).map((p) => ({ id: p.media!.id, alt: p.alt.trim() }));
  return {
    items,
    photos,
    max,
    busy: items.some((p) => p.status === 'uploading'),
    failed: items.some((p) => p.status === 'failed'),
    add,
    remove,
    move,
    retry,
    setAlt,
  };
}

export type PhotoPickerState = ReturnType<typeof usePhotoPicker>;

/** Choose photos (from the library or, on a phone, the camera), see them upload, reorder, describe, remove or retry them. */
export function PhotoPicker({ state, label, hint, error }: { state: PhotoPickerState; label: string; hint?: string; error?: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [leftOut, setLeftOut] = useState(0);
  const pick = (list: FileList | null, input: HTMLInputElement) => {
    if (list?.length) setLeftOut(state.add([...list]));
    input.value = '';
  };
  const full = state.items.length >= state.max;
  const failureText = (error: unknown) => {
    if (isApiError(error, 'unsupported_media_type')) return t('photos.unsupported');
    if (isApiError(error, 'validation_failed')) return t('photos.unreadable');
    if (isApiError(error, 'payload_too_large') || (error instanceof Error && error.message === 'too_large')) return t('photos.tooLarge');
    return errorMessage(error);
  };
  return (
    <fieldset className="fieldset photo-picker" data-testid="photo-picker">
      <legend className="field__label">
        {label} <span className="muted">({state.items.length}/{state.max})</span>
      </legend>
      {state.items.length ? (
        <ol className="photo-picker__list">
          {state.items.map((item, i) => (
            <li key={item.key} className={`photo-picker__item photo-picker__item--${item.status}`} data-testid="picked-photo" data-status={item.status}>
              <div className="photo-picker__frame">
                <img src={item.preview} alt="" />
                {i === 0 && state.max > 1 ? <span className="photo-picker__cover">{t('photos.cover')}</span> : null}
                {item.status === 'uploading' ? (
                  <progress className="photo-picker__progress" max={1} value={item.progress} aria-label={t('photos.uploading', { n: i + 1 })} />
                ) : null}
              </div>
              {item.status === 'failed' ? (
                <p className="photo-picker__error" role="alert">
                  {failureText(item.error)}
                </p>
              ) : null}
              <div className="photo-picker__actions">
                {state.max > 1 ? (
                  <>
                    <button type="button" className="icon-button" onClick={() => state.move(item.key, -1)} disabled={i === 0} aria-label={t('photos.moveEarlier', { n: i + 1 })}>
                      <Icon name="back" size={18} />
                    </button>
                    <button type="button" className="icon-button" onClick={() => state.move(item.key, 1)} disabled={i === state.items.length - 1} aria-label={t('photos.moveLater', { n: i + 1 })}>
                      <Icon name="chevronRight" size={18} />
                    </button>
                  </>
                ) : null}
                {item.status === 'failed' && item.file && item.file.size <= MAX_PHOTO_BYTES ? (
                  <button type="button" className="icon-button" onClick={() => state.retry(item.key)} aria-label={t('photos.retry', { n: i + 1 })}>
                    <Icon name="retry" size={18} />
                  </button>
                ) : null}
                <button type="button" className="icon-button" onClick={() => state.remove(item.key)} aria-label={t('photos.remove', { n: i + 1 })}>
                  <Icon name="trash" size={18} />
                </button>
              </div>
              <input
                type="text"
                className="photo-picker__alt"
                value={item.alt}
                onChange={(e) => state.setAlt(item.key, e.target.value)}
                placeholder={t('photos.altPlaceholder')}
                aria-label={t('photos.alt', { n: i + 1 })}
              />
              <TextLimit value={item.alt} limit={ALT_LIMIT} />
            </li>
          ))}
        </ol>
      ) : null}
      {full ? null : (
        <div className="photo-picker__add">
          <label className="btn btn--secondary">
            <Icon name="image" size={18} />
            {t('photos.add')}
            <input type="file" accept={PHOTO_TYPES} multiple={state.max > 1} className="visually-hidden" onChange={(e) => pick(e.target.files, e.target)} data-testid="photo-input" />
          </label>
          <label className="btn btn--ghost photo-picker__camera">
            <Icon name="camera" size={18} />
            {t('photos.camera')}
            <input type="file" accept="image/*" capture="environment" className="visually-hidden" onChange={(e) => pick(e.target.files, e.target)} />
          </label>
        </div>
      )}
      <p className="field__hint">{leftOut ? t('photos.leftOut', { count: leftOut, max: state.max }) : (hint ?? t('photos.hint', { max: state.max }))}</p>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** An icon button that picks one photo (a comment's, a chat's). */
export function PhotoButton({ onPick, className, testId }: { onPick: (file: File) => void; className: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <label className={`icon-button ${className}`} title={t('photos.add')}>
      <Icon name="image" size={18} />
      <span className="visually-hidden">{t('photos.add')}</span>
      <input
        type="file"
        accept={PHOTO_TYPES}
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onPick(file);
          e.target.value = '';
        }}
        data-testid={testId}
      />
    </label>
  );
}
