import type { MyGroup } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { GroupCover } from './group-card';

/** A compact list of groups with the member's role in each. */
export function GroupRoleList({ items }: { items: MyGroup[] }) {
  const { t } = useTranslation();
  return (
    <ul className="mini-groups">
      {items.map(({ group, role }) => (
        <li key={group.id}>
          <Link to={`/groups/${group.id}`} className="mini-group">
            <GroupCover group={group} size="sm" />
            <span className="mini-group__text">
              <span className="mini-group__name">{group.name}</span>
              <span className="small muted">{t('common.members', { count: group.memberCount })}</span>
            </span>
            {role !== 'member' ? <span className={`badge badge--role badge--${role}`}>{t(`group.role.${role}`)}</span> : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}
