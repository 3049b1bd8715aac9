import { SignalApi } from '@backstage/plugin-signals-react';
import { FLEET_SIGNAL_CHANNEL } from '@dynamodb-encryption/backstage-plugin-common';
import { act } from '@testing-library/react';

type Handler = Parameters<SignalApi['subscribe']>[1];

/** A signal API for tests: `emit` delivers a message to the page's subscribers, as the backend's push would. */
export function fakeSignals() {
  const subscribers = new Map<string, Set<Handler>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set<Handler>();
      set.add(onMessage as Handler);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as Handler) };
    },
  };
  return {
    api,
    /** A fleet change, as the backend publishes it after an AWS event. */
    emitFleetChange(tables = 1) {
      act(() => {
        for (const s of subscribers.get(FLEET_SIGNAL_CHANNEL) ?? [])
          s({ source: 'event', at: new Date().toISOString(), tables });
      });
    },
    subscribers: (channel = FLEET_SIGNAL_CHANNEL) =>
      subscribers.get(channel)?.size ?? 0,
  };
}
