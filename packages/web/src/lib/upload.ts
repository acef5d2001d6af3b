import type { Media } from '@kindred/contract';
import { API_BASE, apiErrorOf, getCsrfToken, refreshCsrfToken } from './api';

/**
 * Uploads one photo (POST /media), reporting progress from 0 to 1. XHR rather
 * than fetch: only it reports upload progress. Rejects with an ApiError (the
 * server's error shape; a network failure is `service_unavailable`).
 */
export async function uploadPhoto(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Media> {
  if (!getCsrfToken()) await refreshCsrfToken();
  return new Promise<Media>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/media`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as Media);
      } else reject(apiErrorOf(xhr.status, xhr.responseText, xhr.statusText));
    };
    xhr.onerror = () => reject(apiErrorOf(0, ''));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}
