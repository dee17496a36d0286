/**
 * A part of `<efa-form>` that a page may fetch after step 1 (the validation, the parts of later
 * pages). The one-file kit installs the module itself (`install`); the `/form` entry installs an
 * `import()` of it (`installChunk`). The form never writes `import()` itself: in a one-file
 * bundle an `import()` wraps every module it reaches for lazy start and defeats tree shaking.
 */
export interface PartLoader<T> {
  /** The part is in the bundle already. */
  install(part: T): void;
  /** The part is a chunk of its own, fetched by `load`. */
  installChunk(load: () => Promise<T>): void;
  /** The part if it is there already; never starts a fetch. */
  now(): T | undefined;
  /**
   * The part, fetched if it is not there yet. Rejects when its chunk cannot be fetched (the next
   * call tries again) or none is installed.
   */
  load(): Promise<T>;
}

export function partLoader<T>(name: string): PartLoader<T> {
  let loaded: T | undefined;
  let loader: (() => Promise<T>) | undefined;
  let loading: Promise<T> | undefined;
  return {
    install(part) {
      loaded = part;
    },
    installChunk(load) {
      loader = load;
    },
    now: () => loaded,
    load() {
      if (loaded) return Promise.resolve(loaded);
      if (loading) return loading;
      if (!loader) return Promise.reject(new Error(`form-assistant: no ${name} installed`));
      loading = loader().then(
        (part) => {
          loaded = part;
          return part;
        },
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
  };
}
