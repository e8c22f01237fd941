// A bounded cache for values that can be recomputed from their key at any time (plans are pure
// functions of their task's input).

/** A cached value; `recent` says it was read since the clock hand last passed it. */
interface Slot<K, V> {
  key: K;
  value: V;
  recent: boolean;
}

/**
 * Keeps the recently read values and recomputes the rest on demand. Eviction is the clock algorithm:
 * a read only marks its slot (reordering a map on every poll churned its tables, which lived long
 * enough to fill the old generation), and a miss moves the hand past marked slots, unmarking them, to
 * the first unmarked one.
 */
export class ClockCache<K extends object, V> {
  private readonly slots = new Map<K, Slot<K, V>>();
  private readonly ring: Slot<K, V>[] = [];
  private hand = 0;
  constructor(
    private readonly capacity: number,
    private readonly compute: (key: K) => V,
  ) {}

  get(key: K): V {
    const known = this.slots.get(key);
    if (known) {
      known.recent = true;
      return known.value;
    }
    const value = this.compute(key);
    this.put(key, value);
    return value;
  }

  /** Whether `key` is cached (without marking it read). */
  has(key: K): boolean {
    return this.slots.has(key);
  }

  private put(key: K, value: V): void {
    if (this.ring.length < this.capacity) {
      const slot: Slot<K, V> = { key, value, recent: false };
      this.ring.push(slot);
      this.slots.set(key, slot);
      return;
    }
    for (;;) {
      const slot = this.ring[this.hand] as Slot<K, V>;
      this.hand = (this.hand + 1) % this.ring.length;
      if (slot.recent) {
        slot.recent = false;
        continue;
      }
      this.slots.delete(slot.key);
      slot.key = key;
      slot.value = value;
      this.slots.set(key, slot);
      return;
    }
  }

  clear(): void {
    this.slots.clear();
    this.ring.length = 0;
    this.hand = 0;
  }
}
