import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useMyGroups } from '../data/groups';
import { useProgressiveList } from '../lib/use-progressive-list';
import { GroupCover } from './group-card';
import { Skeleton } from './feedback';
import { Icon } from './icons';

/** "My groups" side panel: quick links to the member's groups. */
export function MyGroupsPanel() {
  const { t } = useTranslation();
  const mine = useMyGroups();
  const items = useProgressiveList(mine.data?.pages.flatMap((p) => p.items) ?? [], 8);
  return (
    <section className="panel" aria-labelledby="my-groups-title" data-testid="my-groups">
      <header className="panel__header">
        <h2 id="my-groups-title">{t('nav.myGroups')}</h2>
        <Link to="/groups/new" className="icon-button" aria-label={t('nav.createGroup')}>
          <Icon name="plus" size={18} />
        </Link>
      </header>
      {mine.isPending ? (
        <div className="stack stack--sm">
          <Skeleton height={36} width="100%" />
          <Skeleton height={36} width="100%" />
        </div>
      ) : items.length === 0 ? (
        <p className="muted small">{t('nav.noGroupsYet')}</p>
      ) : (
        <ul className="mini-groups">
          {items.map(({ group, role }) => (
            <li key={group.id}>
              <Link to={`/groups/${group.id}`} className="mini-group">
                <GroupCover group={group} size="sm" />
                <span className="mini-group__name">{group.name}</span>
                {role !== 'member' ? <span className={`badge badge--role badge--${role}`}>{t(`group.role.${role}`)}</span> : null}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
