/** The answer of every comparator: -1 when the first version is older, 0 when equal, 1 when newer. */
export type Ordering = -1 | 0 | 1;

/** Folds the signed differences the reference algorithms return into an Ordering. */
export function toOrdering(difference: number): Ordering {
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}
