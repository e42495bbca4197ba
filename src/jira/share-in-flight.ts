/** The look-up already in flight for `key`, or a new one: callers side by side share one call. */
export function shareInFlight<T>(
  inFlight: Map<string, Promise<T>>,
  key: string,
  start: () => Promise<T>,
): Promise<T> {
  let pending = inFlight.get(key);
  if (!pending) {
    pending = start().finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}
