import { startTransition, useEffect, useState } from 'react';

/**
 * The items of a long list to draw now: the first screenful at once, the rest right after, `first` more
 * at a time, each batch in a transition, which React renders in slices between other work. A phone thus
 * paints the top of the page without waiting for twenty cards, and stays responsive while the others are
 * added: adding a batch to the page (its elements, their layout) is work that cannot be sliced, and twenty
 * cards at once made it a long task.
 * What follows the list (a "Load more" button) waits for all of it, or it would be pushed down as the
 * rest arrives (a layout shift).
 */
export function useProgressiveList<T>(items: T[], first = 5): T[] {
  const [count, setCount] = useState(first);
  const more = items.length > count;
  useEffect(() => {
    if (more) startTransition(() => setCount(count + first));
  }, [more, count, first]);
  return more ? items.slice(0, count) : items;
}
