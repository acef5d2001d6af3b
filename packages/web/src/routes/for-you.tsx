import type { ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { CardSkeletons, EmptyState, ErrorView } from '../components/feedback';
import { Icon, type IconName } from '../components/icons';
import { RecActivityCard, RecGroupCard, RecPostCard } from '../components/recommendation-cards';
import { useRecommendedActivities, useRecommendedGroups, useRecommendedPosts } from '../data/recommendations';

// Enough groups to fill two rows on a wide screen, with spares that move up when one is dismissed.
const GROUPS_FETCHED = 12;
const GROUPS_SHOWN = 8;
const POSTS = 12;
const ACTIVITIES_FETCHED = 8;
const ACTIVITIES_SHOWN = 5;

function SectionHeader({ id, icon, title, action }: { id: string; icon: IconName; title: string; action?: ReactNode }) {
  return (
    <header className="section__header rec-section__header">
      <h2 id={id}>
        <span className="rec-section__icon" aria-hidden="true">
          <Icon name={icon} size={18} />
        </span>
        {title}
      </h2>
      {action}
    </header>
  );
}

/** Discover's "For you": groups to join, activities to go to, and a feed of posts, each with why. */
export function ForYouView() {
  const { t } = useTranslation();
  const groups = useRecommendedGroups(GROUPS_FETCHED);
  const activities = useRecommendedActivities(ACTIVITIES_FETCHED);
  const posts = useRecommendedPosts(POSTS);
  const groupItems = groups.data?.items.slice(0, GROUPS_SHOWN) ?? [];
  const activityItems = activities.data?.items.slice(0, ACTIVITIES_SHOWN) ?? [];
  const postItems = posts.data?.items ?? [];

  return (
    <div className="for-you" data-testid="for-you">
      <section className="rec-section rec-section--groups" aria-labelledby="rec-groups-title" data-testid="rec-groups">
        <SectionHeader
          id="rec-groups-title"
          icon="users"
          title={t('forYou.groupsTitle')}
          action={
            <Link to="/discover?view=browse">{t('forYou.browseAll')}</Link>
          }
        />
        {groups.isPending ? (
          <CardSkeletons count={4} variant="group" />
        ) : groups.isError ? (
          <ErrorView error={groups.error} onRetry={() => void groups.refetch()} />
        ) : groupItems.length === 0 ? (
          <EmptyState
            icon="users"
            title={t('forYou.groupsEmpty')}
            body={t('forYou.groupsEmptyBody')}
            action={
              <Link to="/discover?view=browse" className="btn btn--primary">
                {t('forYou.browseAll')}
              </Link>
            }
          />
        ) : (
          <ul className="rec-row rec-row--groups" data-rec-list tabIndex={-1} aria-labelledby="rec-groups-title">
            {groupItems.map((rec) => (
              <li key={rec.group.id}>
                <RecGroupCard rec={rec} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="for-you__columns">
        <section className="rec-section rec-section--activities" aria-labelledby="rec-activities-title" data-testid="rec-activities">
          <SectionHeader
            id="rec-activities-title"
            icon="calendar"
            title={t('forYou.activitiesTitle')}
            action={<Link to="/activities">{t('forYou.allActivities')}</Link>}
          />
          {activities.isPending ? (
            <CardSkeletons count={2} />
          ) : activities.isError ? (
            <ErrorView error={activities.error} onRetry={() => void activities.refetch()} />
          ) : activityItems.length === 0 ? (
            <EmptyState
              icon="calendar"
              title={t('forYou.activitiesEmpty')}
              body={t('forYou.activitiesEmptyBody')}
              action={
                <Link to="/activities" className="btn btn--secondary">
                  {t('forYou.allActivities')}
                </Link>
              }
            />
          ) : (
            <ul className="rec-row rec-row--activities" data-rec-list tabIndex={-1} aria-labelledby="rec-activities-title">
              {activityItems.map((rec) => (
                <li key={rec.activity.id}>
                  <RecActivityCard rec={rec} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="rec-section rec-section--posts" aria-labelledby="rec-posts-title" data-testid="rec-posts">
          <SectionHeader id="rec-posts-title" icon="comment" title={t('forYou.postsTitle')} />
          {posts.isPending ? (
            <CardSkeletons count={3} />
          ) : posts.isError ? (
            <ErrorView error={posts.error} onRetry={() => void posts.refetch()} />
          ) : postItems.length === 0 ? (
            <EmptyState icon="comment" title={t('forYou.postsEmpty')} body={t('forYou.postsEmptyBody')} />
          ) : (
            <>
              <ul className="stack rec-feed" data-rec-list tabIndex={-1} aria-labelledby="rec-posts-title">
                {postItems.map((rec) => (
                  <li key={rec.post.id}>
                    <RecPostCard rec={rec} />
                  </li>
                ))}
              </ul>
              <div className="rec-feed__end">
                <p className="muted">{t('forYou.feedEnd')}</p>
                <Link to="/discover?view=browse" className="btn btn--secondary">
                  <Icon name="compass" size={18} />
                  {t('forYou.browseAll')}
                </Link>
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
