/** Pieces of the document mappings that several kinds share. */

/** Pyrra's `grouping` field: present only when the indicator groups. */
export function pyrraGrouping(grouping: readonly string[]): { grouping?: string[] } {
  return grouping.length > 0 ? { grouping: [...grouping] } : {};
}
