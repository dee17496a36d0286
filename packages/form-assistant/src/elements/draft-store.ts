import type { BrowserStateSlot } from '@efa-kit/core/client';
import type { FormData as ApplicationData } from '../schema/values.js';
import { isApplicationId } from './application-id.js';
import type { ServerDraftLink } from './server-draft.js';

/** The browser copy of an application in progress. */
export interface Draft {
  savedAt: string;
  stepId: string;
  data: ApplicationData;
  /** Chosen at the first submit and sent again on every retry (the server's idempotency key). */
  applicationId?: string;
  /** The server draft these answers are saved as (with `draft-procedures`). */
  server?: ServerDraftLink;
}

function isServerLink(value: unknown): value is ServerDraftLink {
  const link = value as Partial<ServerDraftLink> | null | undefined;
  return (
    typeof link === 'object' &&
    link !== null &&
    typeof link.draftId === 'string' &&
    typeof link.version === 'number' &&
    (link.key === undefined || typeof link.key === 'string')
  );
}

/** What the store asks its form. */
export interface DraftHost {
  /** Where the draft lives now (localStorage under a person's scope, else this tab's sessionStorage). */
  slot(): BrowserStateSlot | undefined;
  /** The answers as they are now (step, data, application id, server link). */
  snapshot(): Omit<Draft, 'savedAt'>;
  /** False with `no-autosave`. */
  autosave(): boolean;
  /** False once the application was submitted: nothing is written after that. */
  open(): boolean;
}

/**
 * The draft in browser storage: read, a debounced save (one write per pause in typing), flush
 * (the pending write now, also when the page is hidden) and an immediate save. Every write goes
 * through `write`, under the slot taken when the save was asked for, so a pending write never
 * lands under the next person's scope.
 */
export class DraftStore {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pendingSlot: BrowserStateSlot | undefined;

  constructor(private readonly host: DraftHost) {}

  read(): Draft | undefined {
    const slot = this.host.slot();
    if (!this.host.autosave() || !slot) return undefined;
    try {
      const raw = slot.storage.getItem(slot.key);
      const draft = raw ? (JSON.parse(raw) as Partial<Draft>) : undefined;
      if (draft && typeof draft.savedAt === 'string' && draft.data && typeof draft.data === 'object') {
        return {
          savedAt: draft.savedAt,
          stepId: String(draft.stepId ?? ''),
          data: draft.data,
          ...(isApplicationId(draft.applicationId) ? { applicationId: draft.applicationId } : {}),
          ...(isServerLink(draft.server) ? { server: draft.server } : {}),
        };
      }
    } catch {
      // Storage blocked or a damaged draft: start afresh rather than fail.
    }
    return undefined;
  }

  /** Saves after a pause of 250 ms (one write per pause in typing); false when nothing is kept. */
  save(): boolean {
    const slot = this.host.slot();
    if (!this.host.autosave() || !slot || !this.host.open()) return false;
    this.cancel();
    this.pendingSlot = slot;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write(slot);
    }, 250);
    return true;
  }

  /** Writes a pending save now (when the page is hidden or closed, or the scope changes). */
  flush(): void {
    if (this.timer === undefined) return;
    this.cancel();
    if (!this.host.autosave() || !this.host.open()) return;
    this.write(this.pendingSlot);
  }

  /** Writes at once, not debounced (a new application id, a server draft's link). */
  saveNow(): void {
    this.cancel();
    const slot = this.host.slot();
    if (!this.host.autosave() || !slot) return;
    this.write(slot);
  }

  /** Forgets a pending save. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  remove(): void {
    this.cancel();
    const slot = this.host.slot();
    try {
      slot?.storage.removeItem(slot.key);
    } catch {
      // Storage blocked: there is nothing stored either.
    }
  }

  /** Drafts of earlier versions sat in localStorage for anyone on the device: remove them unread. */
  static dropLegacy(formId: string, version: string): void {
    try {
      localStorage.removeItem(`efa-form-draft:${formId}@${version}`);
    } catch {
      // Storage blocked: there is nothing to remove either.
    }
  }

  private write(slot: BrowserStateSlot | undefined): void {
    try {
      slot?.storage.setItem(
        slot.key,
        JSON.stringify({ savedAt: new Date().toISOString(), ...this.host.snapshot() }),
      );
    } catch {
      // Quota or privacy mode: the form works on without a draft.
    }
  }
}
