// A small memo of the last results of a pure function of a task's text: a task is read when it is
// dispatched (its kind, its title) and again when its run is planned.

/** `compute` memoised for the `size` most recently added texts (oldest dropped first). */
export function recentMemo<T>(compute: (text: string) => T, size = 256): (text: string) => T {
  const known = new Map<string, T>();
  return (text: string): T => {
    const hit = known.get(text);
    if (hit !== undefined) return hit;
    const value = compute(text);
    if (known.size >= size) {
      const oldest = known.keys().next().value;
      if (oldest !== undefined) known.delete(oldest);
    }
    known.set(text, value);
    return value;
  };
}
