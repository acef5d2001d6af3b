import { startTransition, useEffect, useState } from 'react';

/**
 * The items of a long list to draw now: the first screenful at once, the rest right after in a
 * transition, which React renders in slices between other work. A phone thus paints the top of the
 * page without waiting for twenty cards, and stays responsive while the others are added.
 * What follows the list (a "Load more" button) waits for all of it, or it would be pushed down as the
 * rest arrives (a layout shift).
 */
export function useProgressiveList<T>(items: T[], first = 5): T[] {
  const [all, setAll] = useState(false);
  const more = items.length > first;
  useEffect(() => {
    if (more && !all) startTransition(() => setAll(true));
  }, [more, all]);
  return all || !more ? items : items.slice(0, first);
}
