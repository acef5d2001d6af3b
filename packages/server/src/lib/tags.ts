/** Tags are compared lowercased with single spaces, so "Hiking " and "hiking" are one tag. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normalizeTag).filter((t) => t !== ''))];
}
