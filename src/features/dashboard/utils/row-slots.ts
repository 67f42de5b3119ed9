/**
 * Recycled row slots for a virtualised table: each drawn row gets a slot number to use as
 * its React key. A row still drawn keeps its slot; a row coming into view takes a slot a row
 * leaving it gave up. So scrolling hands the DOM of a row scrolled out to the one scrolled in,
 * and a new filter or sort rewrites the drawn rows in place, instead of React unmounting some
 * fifty rows and building as many again.
 */
export class RowSlots {
  private slots = new Map<string, number>();
  private count = 0;

  /** The slot of each id, in order: unique among `ids`, kept for ids drawn last time. */
  assign(ids: readonly string[]): number[] {
    const previous = this.slots;
    const next = new Map<string, number>();
    const used = new Set<number>();
    for (const id of ids) {
      const slot = previous.get(id);
      if (slot !== undefined && !used.has(slot)) {
        next.set(id, slot);
        used.add(slot);
      }
    }
    // Slots given up, in the order their rows were drawn: the DOM order changes little.
    const free: number[] = [];
    for (const slot of previous.values()) if (!used.has(slot)) free.push(slot);
    let taken = 0;
    const result = ids.map((id) => {
      let slot = next.get(id);
      if (slot === undefined) {
        slot = taken < free.length ? free[taken++] : this.count++;
        next.set(id, slot);
        used.add(slot);
      }
      return slot;
    });
    this.slots = next;
    return result;
  }
}
