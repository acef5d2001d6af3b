/** `@username` where a username may stand: not inside a word, an address or a path. */
export const MENTION = /(^|[^\w@/.])@([A-Za-z0-9_]{3,20})(?![\w@])/g;
/** Members told about one piece of text at most (a wall of mentions tells nobody more). */
export const MAX_MENTIONS = 10;

/** The distinct usernames a text mentions, in order, at most MAX_MENTIONS (lower case). */
export function mentionsIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    names.add(match[2]!.toLowerCase());
    if (names.size >= MAX_MENTIONS) break;
  }
  return [...names];
}
