//! Read tracking for incremental builds: a Proxy over the data context that records which data keys
//! (data files) a template actually reads, so editing villages.csv rebuilds only its readers.

/** Wrap `data` so every top-level key read is added to `reads`. Values are returned unwrapped. */
export function trackReads(data: Record<string, unknown>, reads: Set<string>): Record<string, unknown> {
  return new Proxy(data, {
    get(target, key, receiver) {
      if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(target, key)) reads.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') reads.add(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') reads.add(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}
