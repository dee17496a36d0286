import type { Locale } from '@efa-kit/core';
import { createEndpointClient, EndpointError, type RouterClient, routerClient } from '@efa-kit/core/client';
import type { DraftContentView, DraftSaveInput, DraftView, ResumeCodeAnswer } from '../schema/drafts.js';
import type { DraftRef } from '../schema/submission.js';
import type { DraftRouter } from '../server/drafts/router.js';

/** What `<efa-form>` keeps of its server draft with the browser copy (so a reload continues it). */
export interface ServerDraftLink extends DraftRef {
  version: number;
  savedAt?: string;
  expiresAt?: string;
  personal?: boolean;
}

/** The status line's state: what the citizen is told about saving. */
export type DraftSyncStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; savedAt: string; expiresAt: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'conflict'; theirs: DraftContentView }
  | { kind: 'gone' };

export interface DraftSnapshot {
  stepId: string;
  data: Record<string, unknown>;
  applicationId?: string;
}

export interface ServerDraftHost {
  readonly endpoint: string;
  /** The drafts router's namespace ("drafts"). */
  readonly procedures: string;
  readonly locale: Locale;
  readonly formId: string;
  snapshot(): DraftSnapshot;
  /** The status or the link changed: render, and write the browser copy with the link. */
  changed(): void;
}

/**
 * The server side of `<efa-form>`'s draft: saves through the `drafts.*` procedures, one at a time
 * (a save that comes while one is on its way waits and then sends the latest answers), each
 * naming the version it is based on. A refusal as stale becomes a conflict the citizen resolves;
 * a failure leaves the browser copy as it is and says so. Holds no answers of its own.
 */
export class ServerDraftSync {
  link: ServerDraftLink | undefined;
  status: DraftSyncStatus = { kind: 'idle' };
  private inFlight: Promise<boolean> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ServerDraftHost) {}

  /** `drafts.*` with input and output types inferred from the drafts router (a type-only import). */
  private client(): RouterClient<DraftRouter> {
    return routerClient<DraftRouter>(
      createEndpointClient({ endpoint: this.host.endpoint, locale: this.host.locale }),
      this.host.procedures,
    );
  }

  private set(status: DraftSyncStatus): void {
    this.status = status;
    this.host.changed();
  }

  /** A save after a pause in typing. */
  schedule(delayMs: number): void {
    if (this.status.kind === 'conflict' || this.status.kind === 'gone') return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, delayMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Saves now (or right after the save on its way); true when the server has the answers. */
  async save(): Promise<boolean> {
    this.cancel();
    if (this.status.kind === 'conflict' || this.status.kind === 'gone') return false;
    if (this.inFlight) {
      this.again = true;
      return this.inFlight.then(() => this.save());
    }
    this.inFlight = this.send();
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = undefined;
      if (this.again) {
        this.again = false;
        void this.save();
      }
    }
  }

  private async send(baseOverride?: number): Promise<boolean> {
    const snapshot = this.host.snapshot();
    const link = this.link;
    const input: DraftSaveInput = {
      formId: this.host.formId,
      baseVersion: baseOverride ?? link?.version ?? 0,
      stepId: snapshot.stepId,
      data: snapshot.data,
      ...(snapshot.applicationId ? { applicationId: snapshot.applicationId } : {}),
      ...(link ? { draftId: link.draftId, ...(link.key ? { key: link.key } : {}) } : {}),
    };
    this.set({ kind: 'saving' });
    try {
      const answer = await this.client().mutation('save', input);
      this.adopt(answer, answer.key ?? link?.key);
      return true;
    } catch (error) {
      await this.failed(error);
      return false;
    }
  }

  private adopt(view: DraftView, key: string | undefined): void {
    this.link = {
      draftId: view.draftId,
      ...(key ? { key } : {}),
      version: view.version,
      savedAt: view.savedAt,
      expiresAt: view.expiresAt,
      personal: view.personal,
    };
    this.set({ kind: 'saved', savedAt: view.savedAt, expiresAt: view.expiresAt });
  }

  private async failed(error: unknown): Promise<void> {
    const code = error instanceof EndpointError ? error.code : 'NETWORK';
    if (code === 'DRAFT_CONFLICT' && this.link) {
      try {
        const theirs = await this.client().mutation('load', this.ref());
        this.set({ kind: 'conflict', theirs });
        return;
      } catch {
        // Could not fetch the other version: reported as a failed save, tried again later.
      }
    }
    if (code === 'DRAFT_NOT_FOUND') {
      this.set({ kind: 'gone' });
      return;
    }
    const coded = error instanceof EndpointError && !['NETWORK', 'INTERNAL'].includes(code);
    this.set({ kind: 'failed', reason: coded ? error.message : '' });
  }

  private ref(): DraftRef {
    const link = this.link;
    if (!link) throw new Error('no server draft');
    return { draftId: link.draftId, ...(link.key ? { key: link.key } : {}) };
  }

  /** The conflict resolved for the answers on this screen: saved over the newer version. */
  async keepMine(): Promise<boolean> {
    if (this.status.kind !== 'conflict') return false;
    const theirs = this.status.theirs;
    this.status = { kind: 'idle' };
    return this.send(theirs.version);
  }

  /** The conflict resolved for the other version: it is now the base; the host shows its answers. */
  takeTheirs(): DraftContentView | undefined {
    if (this.status.kind !== 'conflict') return undefined;
    const theirs = this.status.theirs;
    this.adopt(theirs, this.link?.key);
    return theirs;
  }

  /** After "gone": the answers on screen become a new draft. */
  async saveAsNew(): Promise<boolean> {
    this.link = undefined;
    this.status = { kind: 'idle' };
    return this.save();
  }

  /** For uploads into the draft: `X-Efa-Draft`, made by a save first when there is none yet. */
  async uploadHeader(): Promise<string | undefined> {
    if (!this.link) await this.save();
    const link = this.link;
    if (!link) return undefined;
    return link.key ? `${link.draftId}.${link.key}` : link.draftId;
  }

  async createResumeCode(): Promise<ResumeCodeAnswer> {
    if (!(await this.save()) || !this.link) {
      throw new EndpointError(this.status.kind === 'failed' ? this.status.reason : '', 'DRAFT_NOT_SAVED', 0);
    }
    return this.client().mutation('createResumeCode', this.ref());
  }

  /** Opens a draft by resume code (used up) or by id (a logged-in person's, from "Mein Konto"). */
  async open(source: { code: string } | DraftRef): Promise<DraftContentView> {
    const client = this.client();
    const draft =
      'code' in source
        ? await client.mutation('resume', { code: source.code })
        : await client.mutation('load', source);
    // A resume gives a draft without login a new key; a load keeps the one it was given.
    const key = 'code' in source ? ('key' in draft ? draft.key : undefined) : source.key;
    this.adopt(draft, typeof key === 'string' ? key : undefined);
    return draft;
  }

  /** "Start again": the server copy is deleted too (a failure leaves it to expire). */
  async discard(): Promise<void> {
    const link = this.link;
    this.forget();
    this.host.changed();
    if (!link) return;
    try {
      await this.client().mutation('delete', {
        draftId: link.draftId,
        ...(link.key ? { key: link.key } : {}),
      });
    } catch {
      // Gone already, or unreachable: it expires on its own.
    }
  }

  /** Submitted: the server deleted the draft with the submit. */
  forget(): void {
    this.cancel();
    this.link = undefined;
    this.status = { kind: 'idle' };
  }
}
