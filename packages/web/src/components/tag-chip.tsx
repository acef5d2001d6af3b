import { Link } from 'react-router-dom';
import { categoryOfTag, useTaxonomy } from '../data/taxonomy';

/** An interest tag, labelled in the active language; curated tags are tinted by category. */
export function TagChip({ tag, to, skill }: { tag: string; to?: string; skill?: string | null }) {
  const { tagLabel } = useTaxonomy();
  const category = categoryOfTag(tag);
  const className = `chip chip--tag${category ? ` chip--${category.key}` : ' chip--free'}`;
  const content = (
    <>
      {category ? tagLabel(tag) : `#${tag}`}
      {skill ? <span className="chip__meta">· {skill}</span> : null}
    </>
  );
  return to ? (
    <Link className={className} to={to}>
      {content}
    </Link>
  ) : (
    <span className={className}>{content}</span>
  );
}

export function TagList({ tags, max, linked = false }: { tags: string[]; max?: number; linked?: boolean }) {
  const shown = max ? tags.slice(0, max) : tags;
  const rest = tags.length - shown.length;
  return (
    <ul className="tag-list">
      {shown.map((tag) => (
        <li key={tag}>
          <TagChip tag={tag} to={linked ? `/discover?tag=${encodeURIComponent(tag)}` : undefined} />
        </li>
      ))}
      {rest > 0 ? (
        <li>
          <span className="chip chip--more">+{rest}</span>
        </li>
      ) : null}
    </ul>
  );
}
