import { Fragment } from 'react';
import { Link } from 'react-router-dom';

// As the server reads mentions: `@username` not inside a word, an address or a path.
const MENTION = /(^|[^\w@/.])@([A-Za-z0-9_]{3,20})(?![\w@])/g;

/** Plain text (a chat message) with each `@username` as a link to the member. */
export function MentionText({ text }: { text: string }) {
  const parts: (string | { name: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const at = match.index! + match[1]!.length;
    if (at > last) parts.push(text.slice(last, at));
    parts.push({ name: match[2]! });
    last = at + 1 + match[2]!.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          <Fragment key={i}>{part}</Fragment>
        ) : (
          <Link key={i} to={`/u/${part.name}`} className="mention">
            @{part.name}
          </Link>
        ),
      )}
    </>
  );
}
