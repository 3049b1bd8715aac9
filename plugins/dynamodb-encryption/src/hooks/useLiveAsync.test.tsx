import { signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { fakeSignals } from '../__testUtils__/fakeSignals';
import { FLEET_CHANGES_WINDOW_MS } from './useFleetChanges';
import { useLiveAsync } from './useLiveAsync';

function renderLive(read: () => Promise<string>, question = 'a') {
  const signals = fakeSignals();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[signalApiRef, signals.api]]}>
      {children}
    </TestApiProvider>
  );
  const hook = renderHook(({ q }) => useLiveAsync(read, [q]), {
    wrapper,
    initialProps: { q: question },
  });
  return { ...hook, signals };
}

/** Lets the window of a burst close. */
async function closeWindow() {
  await act(async () => {
    jest.advanceTimersByTime(FLEET_CHANGES_WINDOW_MS);
  });
}

afterEach(() => jest.useRealTimers());

describe('useLiveAsync', () => {
  it('keeps the last answer when a re-read on a fleet change fails', async () => {
    const read = jest
      .fn()
      .mockResolvedValueOnce('first')
      .mockRejectedValueOnce(new Error('network down'))
      .mockResolvedValue('third');
    const { result, signals } = renderLive(read);
    await waitFor(() => expect(result.current.value).toBe('first'));

    jest.useFakeTimers();
    signals.emitFleetChange();
    await closeWindow();
    expect(read).toHaveBeenCalledTimes(2);
    expect(result.current.value).toBe('first');
    expect(result.current.loading).toBe(false);
    expect(result.current.error).toBeUndefined();

    signals.emitFleetChange();
    await closeWindow();
    expect(read).toHaveBeenCalledTimes(3);
    expect(result.current.value).toBe('third');
  });

  it('loads a new question as before: loading, then its answer or its error', async () => {
    let fail = false;
    const read = jest.fn(async () => {
      if (fail) throw new Error('refused');
      return 'answer';
    });
    const { result, rerender } = renderLive(read);
    await waitFor(() => expect(result.current.value).toBe('answer'));
    fail = true;
    rerender({ q: 'b' });
    await waitFor(() => expect(result.current.error?.message).toBe('refused'));
    expect(result.current.loading).toBe(false);
  });

  it('reads once, and never again, without the signals plugin', async () => {
    const read = jest.fn(async () => 'answer');
    const { result } = renderHook(() => useLiveAsync(read, []));
    await waitFor(() => expect(result.current.value).toBe('answer'));
    expect(read).toHaveBeenCalledTimes(1);
  });
});
