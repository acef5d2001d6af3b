import { useState } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Avatar } from '../components/avatar';
import { CommentsSection } from '../components/comments';
import { ConfirmDialog } from '../components/dialog';
import { ErrorView, Skeleton } from '../components/feedback';
import { PhotoGallery } from '../components/photo-gallery';
import { Icon } from '../components/icons';
import { KindBadge } from '../components/kind-badge';
import { LikeButton } from '../components/like-button';
import { Menu } from '../components/menu';
import { useReportItem } from '../components/report-action';
import { TagList } from '../components/tag-chip';
import { useToast } from '../components/toast';
import { GroupCover } from '../components/group-card';
import { MembershipButton } from '../components/membership-button';
import { useGroup } from '../data/groups';
import { useDeletePost, usePinPost, usePost } from '../data/posts';
import { useTaxonomy } from '../data/taxonomy';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { useFormat } from '../lib/format';
import { NotFoundPage } from './not-found';

export function PostPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const post = usePost(id);
  const f = useFormat();
  const toast = useToast();
  const navigate = useNavigate();
  const pin = usePinPost(id);
  const remove = useDeletePost(id);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const report = useReportItem({ kind: 'post', id }, post.data?.author.id);
  useDocumentTitle(post.data?.title);

  if (!Number.isInteger(id) || id <= 0 || isApiError(post.error, 'not_found')) return <NotFoundPage />;
  if (post.isPending) {
    return (
      <div className="page page--narrow" aria-busy="true">
        <div className="card card--padded stack">
          <Skeleton width="30%" />
          <Skeleton height={32} width="85%" />
          <Skeleton width="40%" />
          <Skeleton height={160} width="100%" />
        </div>
      </div>
    );
  }
  if (post.isError) {
    return (
      <div className="page page--narrow">
        <ErrorView error={post.error} onRetry={() => void post.refetch()} />
      </div>
    );
  }
  const p = post.data;
  const { viewer } = p;

  return (
    <div className="page page--with-aside page--reading">
      <div className="page__main">
        <Link to={`/groups/${p.group.id}`} className="back-link" data-testid="post-group-link">
          <Icon name="back" size={18} />
          {p.group.name}
        </Link>
        {p.held ? (
          <div className="notice notice--warning" data-testid="post-held" role="status">
            <Icon name="hourglass" size={22} />
            <div className="notice__text">
              <p className="notice__title">{t('post.heldTitle')}</p>
              <p className="notice__body">{t('post.heldBody')}</p>
            </div>
          </div>
        ) : null}
        <article className="card post" aria-labelledby="post-title" data-testid="post">
          <header className="post__header">
            <div className="post__badges">
              <KindBadge kind={p.kind} />
              {p.pinned ? (
                <span className="badge badge--pinned">
                  <Icon name="pin" size={13} /> {t('group.pinned')}
                </span>
              ) : null}
            </div>
            <h1 id="post-title" className="post__title" data-testid="post-title">
              {p.title}
            </h1>
            <div className="post__byline">
              <Link to={`/u/${p.author.username}`} className="byline">
                <Avatar name={p.author.displayName} seed={p.author.id} src={p.author.avatarUrl} size={40} />
                <span>
                  <span className="byline__name">{p.author.displayName}</span>
                  <span className="byline__sub muted">
                    <time dateTime={p.createdAt}>{f.timeAgo(p.createdAt)}</time>
                    {p.editedAt ? ` · ${t('common.edited')}` : ''}
                    {' · '}
                    {t('post.in', { group: p.group.name })}
                  </span>
                </span>
              </Link>
            </div>
          </header>

          <PhotoGallery photos={p.photos} />

          <div className="prose post__body" data-testid="post-body" dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />

          {p.tags.length ? (
            <div className="post__tags">
              <h2 className="visually-hidden">{t('post.tags')}</h2>
              <TagList tags={p.tags} />
            </div>
          ) : null}

          <footer className="post__actions">
            <LikeButton id={p.id} liked={viewer.liked} likeCount={p.likeCount} />
            <a href="#comments" className="btn btn--ghost">
              <Icon name="comment" size={18} />
              {t('common.comments', { count: p.commentCount })}
            </a>
            <span className="spacer" />
            <button
              type="button"
              className="icon-button icon-button--bordered"
              aria-label={t('post.share')}
              title={t('post.share')}
              onClick={() => {
                void navigator.clipboard?.writeText(window.location.href).then(() => toast.show(t('post.linkCopied'), 'success'));
              }}
            >
              <Icon name="link" size={18} />
            </button>
            {viewer.canPin || viewer.canEdit || viewer.canDelete || report.item ? (
              <Menu
                label={t('post.actions')}
                items={[
                  ...(viewer.canPin
                    ? [
                        {
                          label: p.pinned ? t('post.unpin') : t('post.pin'),
                          icon: 'pin' as const,
                          testId: 'pin-button',
                          onSelect: () =>
                            pin.mutate(!p.pinned, { onSuccess: (r) => toast.show(r.pinned ? t('post.pinnedToast') : t('post.unpinnedToast'), 'success') }),
                        },
                      ]
                    : []),
                  ...(viewer.canEdit
                    ? [{ label: t('common.edit'), icon: 'edit' as const, testId: 'edit-post', onSelect: () => navigate(`/posts/${p.id}/edit`) }]
                    : []),
                  ...(viewer.canDelete
                    ? [{ label: t('common.delete'), icon: 'trash' as const, danger: true, testId: 'delete-post', onSelect: () => setConfirmDelete(true) }]
                    : []),
                  ...(report.item ? [report.item] : []),
                ]}
              />
            ) : null}
            {report.dialog}
          </footer>
        </article>

        <CommentsSection post={p} />
      </div>
      <aside className="page__aside">
        <PostGroupPanel groupId={p.group.id} />
      </aside>

      <ConfirmDialog
        open={confirmDelete}
        title={t('post.deleteConfirm')}
        confirmLabel={t('common.delete')}
        danger
        busy={remove.isPending}
        onClose={() => setConfirmDelete(false)}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              toast.show(t('post.deleted'), 'info');
              navigate(`/groups/${p.group.id}`, { replace: true });
            },
            onSettled: () => setConfirmDelete(false),
          })
        }
      />
    </div>
  );
}

/** The group a post belongs to, with a way to join it (beside the post on wide screens). */
function PostGroupPanel({ groupId }: { groupId: number }) {
  const { t } = useTranslation();
  const group = useGroup(groupId);
  const { cityLabel } = useTaxonomy();
  if (!group.data) return null;
  const g = group.data;
  return (
    <section className="card post-group" aria-labelledby="post-group-title" data-testid="post-group-panel">
      <GroupCover group={g} size="sm" />
      <div className="post-group__body">
        <h2 className="post-group__name" id="post-group-title">
          <Link to={`/groups/${g.id}`}>{g.name}</Link>
        </h2>
        <p className="small muted">
          {t('common.members', { count: g.memberCount })} · {cityLabel(g.city) ?? t('common.online')}
        </p>
        <TagList tags={g.tags} max={3} />
        {g.descriptionHtml ? <div className="prose prose--compact about-summary__text small" dangerouslySetInnerHTML={{ __html: g.descriptionHtml }} /> : null}
        <div className="row">
          {g.viewer.role ? (
            <Link to={`/groups/${g.id}`} className="btn btn--secondary btn--sm">
              {t('post.viewGroup')}
            </Link>
          ) : (
            <MembershipButton group={g} />
          )}
        </div>
      </div>
    </section>
  );
}
