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
  /** The slot read last: a request reads the same task's value several times over (settle, progress, view). */
  private last: Slot<K, V> | undefined;
  constructor(
    private readonly capacity: number,
    private readonly compute: (key: K) => V,
  ) {}

  get(key: K): V {
    // A slot is reused for another key when evicted, so its key, not the slot, says what it holds.
    const last = this.last;
    if (last !== undefined && last.key === key) {
      last.recent = true;
      return last.value;
    }
    const known = this.slots.get(key);
    if (known) {
      known.recent = true;
      this.last = known;
      return known.value;
    }
    const value = this.compute(key);
    this.last = this.put(key, value);
    return value;
  }

  /** Whether `key` is cached (without marking it read). */
  has(key: K): boolean {
    return this.slots.has(key);
  }

  private put(key: K, value: V): Slot<K, V> {
    if (this.ring.length < this.capacity) {
      const slot: Slot<K, V> = { key, value, recent: false };
      this.ring.push(slot);
      this.slots.set(key, slot);
      return slot;
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
      return slot;
    }
  }

  clear(): void {
    this.last = undefined;
    this.slots.clear();
    this.ring.length = 0;
    this.hand = 0;
  }
}
