import { DependencyList, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useFleetChanges } from './useFleetChanges';

/** What a live read gives: `useAsyncRetry`'s state. */
export interface LiveAsyncState<T> {
  value?: T;
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/** A number that changes when `deps` do (compared one by one, as React compares a hook's dependencies). */
function useQuestion(deps: DependencyList): number {
  const asked = useRef<{ deps: DependencyList; id: number }>();
  const previous = asked.current;
  if (
    !previous ||
    previous.deps.length !== deps.length ||
    previous.deps.some((d, i) => !Object.is(d, deps[i]))
  ) {
    asked.current = { deps, id: (previous?.id ?? 0) + 1 };
  }
  return asked.current!.id;
}

/**
 * `useAsyncRetry` for what the fleet's rows feed: it reads again when the fleet changes (see
 * `useFleetChanges`), quietly. While such a re-read runs, and if it fails, the last answer to the same
 * question stays with `loading` false, so an open page neither blanks nor flashes a spinner. A change of
 * `deps` is a new question and loads as it always did.
 */
export function useLiveAsync<T>(
  read: () => Promise<T>,
  deps: DependencyList,
): LiveAsyncState<T> {
  const changes = useFleetChanges();
  const question = useQuestion(deps);
  const current = useRef(question);
  current.current = question;
  const answer = useRef<{ question: number; value: T }>();
  const state = useAsyncRetry(async () => {
    const value = await read();
    // An answer to a question the page no longer asks is not kept.
    if (question === current.current) answer.current = { question, value };
    return value;
  }, [question, changes]);
  const kept =
    answer.current?.question === question ? answer.current : undefined;
  if (kept && (state.loading || state.error)) {
    return { value: kept.value, loading: false, retry: state.retry };
  }
  return state;
}
