import { useSignal } from '@backstage/plugin-signals-react';
import { FLEET_SIGNAL_CHANNEL } from '@dynamodb-encryption/backstage-plugin-common';
import { useEffect, useRef, useState } from 'react';

/** At most one re-read per this many milliseconds, however many signals a burst of AWS events brings. */
export const FLEET_CHANGES_WINDOW_MS = 2000;

/**
 * A number that grows when the fleet's rows changed: the backend's `FleetSignal` on `FLEET_SIGNAL_CHANNEL`
 * (the only place the plugin listens to it). Put it in a read's dependencies to read again. The first signal
 * of a burst opens a window and the number grows once when it closes, so the signals of a burst are one
 * re-read. Without the signals plugin in the app, it stays 0 and pages read when they open, as before.
 */
export function useFleetChanges(windowMs = FLEET_CHANGES_WINDOW_MS): number {
  // The message says which rows changed only as a count; every reader re-reads what it shows.
  const { lastSignal } = useSignal(FLEET_SIGNAL_CHANNEL);
  const [changes, setChanges] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    if (!lastSignal || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      setChanges(n => n + 1);
    }, windowMs);
  }, [lastSignal, windowMs]);
  useEffect(() => () => clearTimeout(pending.current), []);
  return changes;
}
