import { useCallback, useEffect, useRef, useState } from 'react';
import type { DependencyList } from 'react';
import { ApiError } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload: () => Promise<void>;
  /** Replaces the data with what a write returned, without a round trip. */
  setData: (data: T) => void;
}

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new ApiError({
    type: 'about:blank',
    title: 'Something went wrong',
    status: 0,
    detail,
    code: 'client',
  });
}

/** Loads data when the dependencies change; answers from an older load are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const latest = useRef(0);
  // The caller names the dependencies, as with useEffect.
  const run = useCallback(load, deps);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const result = await run();
      if (ticket === latest.current) {
        setData(result);
        setError(undefined);
      }
    } catch (e) {
      if (ticket === latest.current) setError(asApiError(e));
    }
  }, [run]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, reload, setData };
}

export type Outcome<R> = { ok: true; value: R } | { ok: false };

/** What a form needs to know about the write it submits. */
export interface MutationState {
  pending: boolean;
  error: ApiError | undefined;
}

export interface Mutation<A extends unknown[], R> extends MutationState {
  run: (...args: A) => Promise<Outcome<R>>;
  reset: () => void;
}

/** Runs a write and keeps its failure for the form to show. */
export function useMutation<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Mutation<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = async (...args: A): Promise<Outcome<R>> => {
    setPending(true);
    setError(undefined);
    try {
      return { ok: true, value: await fn(...args) };
    } catch (e) {
      setError(asApiError(e));
      return { ok: false };
    } finally {
      setPending(false);
    }
  };
  return { run, pending, error, reset: () => setError(undefined) };
}

/** Sets the document title, so tabs and history read well. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Amends`;
  }, [title]);
}
