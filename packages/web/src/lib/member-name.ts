import type { UserSummary } from '@kindred/contract';
import { useTranslation } from './translation';

/** A member who deleted their account keeps a nameless row (a display name can't be blank otherwise). */
export const isDeletedMember = (user: Pick<UserSummary, 'displayName'>) => user.displayName === '';

/** A member's name as shown, "Deleted member" for one who left Kindred. */
export function useMemberName() {
  const { t } = useTranslation();
  return (user: Pick<UserSummary, 'displayName'>) => (isDeletedMember(user) ? t('account.deletedMember') : user.displayName);
}
