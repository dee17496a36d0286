import type { Locale } from '@efa-kit/core';
import {
  encodeFilenameHeader,
  isUploadAnswer,
  type UploadAnswer,
  uploadFilenameHeader,
} from '../schema/submission.js';

/**
 * The browser side of the upload routes: one file per request as the raw body, with progress
 * (XMLHttpRequest: fetch cannot report upload progress) and the double-submit CSRF header a
 * tRPC mutation carries too.
 */

export class UploadFailure extends Error {
  override readonly name = 'UploadFailure';

  constructor(
    message: string,
    /** The server's error code ("FORM_UPLOAD_TOO_LARGE"), "NETWORK" or "ABORTED". */
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === 'efa_csrf') return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const unreachable: Record<Locale, string> = {
  de: 'Der Dienst ist nicht erreichbar.',
  en: 'The service cannot be reached.',
};

function failureOf(status: number, body: unknown, locale: Locale): UploadFailure {
  const error = (body as { error?: { message?: unknown; data?: { efaCode?: unknown } } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : unreachable[locale];
  const code =
    typeof error?.data?.efaCode === 'string' ? error.data.efaCode : status === 0 ? 'NETWORK' : 'INTERNAL';
  return new UploadFailure(message, code, status);
}

export interface UploadRequest {
  /** The upload route, e.g. "/uploads" (absolute URLs work across origins, with credentials). */
  endpoint: string;
  formId: string;
  /** The field's data path ("G99777000050.G99777000055.F99777000053"). */
  field: string;
  file: File;
  locale: Locale;
  /** Called with 0…1 while the body goes out. */
  onProgress?: (fraction: number) => void;
  /** The server draft the file belongs to: the `X-Efa-Draft` header's value, awaited before sending. */
  draft?: () => Promise<string | undefined>;
}

export interface RunningUpload {
  done: Promise<UploadAnswer>;
  abort(): void;
}

export function startUpload(request: UploadRequest): RunningUpload {
  const xhr = new XMLHttpRequest();
  const url = new URL(request.endpoint, location.href);
  url.searchParams.set('formId', request.formId);
  url.searchParams.set('field', request.field);
  const done = new Promise<UploadAnswer>((resolve, reject) => {
    xhr.open('POST', url);
    // Credentials for a service on another origin of the same state portal (session cookie).
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', request.file.type || 'application/octet-stream');
    xhr.setRequestHeader(uploadFilenameHeader, encodeFilenameHeader(request.file.name));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', request.locale);
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-efa-csrf', csrf);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress?.(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        // Not JSON (a proxy's error page): reported as the status below.
      }
      if (xhr.status === 201 && isUploadAnswer(body)) resolve(body);
      else reject(failureOf(xhr.status, body, request.locale));
    });
    xhr.addEventListener('error', () => reject(failureOf(0, null, request.locale)));
    xhr.addEventListener('abort', () => reject(new UploadFailure('aborted', 'ABORTED', 0)));
    if (!request.draft) {
      xhr.send(request.file);
      return;
    }
    // The draft is saved first when there is none yet; the file then goes with it.
    void request
      .draft()
      .catch(() => undefined)
      .then((draft) => {
        if (aborted) return reject(new UploadFailure('aborted', 'ABORTED', 0));
        if (draft) xhr.setRequestHeader('x-efa-draft', draft);
        xhr.send(request.file);
      });
  });
  let aborted = false;
  return {
    done,
    abort: () => {
      aborted = true;
      xhr.abort();
    },
  };
}

/** Removes an upload the citizen took back; failures are ignored (the server purges it after a day). */
export async function deleteUpload(endpoint: string, uploadId: string): Promise<void> {
  const url = new URL(`${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(uploadId)}`, location.href);
  const headers = new Headers({ accept: 'application/json' });
  const csrf = csrfToken();
  if (csrf) headers.set('x-efa-csrf', csrf);
  try {
    await fetch(url, { method: 'DELETE', headers, credentials: 'include' });
  } catch {
    // see above
  }
}
