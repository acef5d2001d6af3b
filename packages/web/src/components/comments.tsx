import type { Comment, PhotoRef, Post } from '@kindred/contract';
import { TEXT_LIMITS } from '@kindred/contract/limits';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { ReportMenu } from './report-action';
import { Link } from 'react-router-dom';
import { useComments, useCreateComment, useDeleteComment, useLikeComment, useUpdateComment } from '../data/posts';
import { useMe } from '../data/session';
import { useErrorMessage } from '../lib/errors';
import { useAnchorId, useScrollToAnchor } from '../lib/use-anchor';
import { useFormat } from '../lib/format';
import { Avatar } from './avatar';
import { ConfirmDialog } from './dialog';
import { ErrorView, LoadMore, Skeleton } from './feedback';
import { FormError, overLimit, TextLimit } from './form-field';
import { Icon } from './icons';
import { PhotoGallery } from './photo-gallery';
import { PhotoButton, usePhotoPicker } from './photo-picker';
import { signUpReturningTo } from '../lib/return-to';

/** How far a link to one comment reads on to find it (pages of 20 threads). */
const MAX_PAGES_FOR_ANCHOR = 10;

/** Comments with one level of replies, a composer, likes, and edit/delete of one's own. */

const COMMENT_LIMIT = TEXT_LIMITS.comment;
export function CommentsSection({ post }: { post: Post }) {
  const { t } = useTranslation();
  const me = useMe();
  const threads = useComments(post.id, true);
  const items = threads.data?.pages.flatMap((p) => p.items) ?? [];
  const [deleting, setDeleting] = useState<number | null>(null);
  const remove = useDeleteComment(post.id);

  // A link to one comment (#comment-40, from a notification): read on until it is loaded, then show it.
  const anchor = /^comment-(\d+)$/.exec(useAnchorId());
  const targetId = anchor ? Number(anchor[1]) : null;
  const targetLoaded = targetId !== null && items.some((th) => th.comment.id === targetId || th.replies.some((r) => r.id === targetId));
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = threads;
  const pagesRead = threads.data?.pages.length ?? 0;
  useEffect(() => {
    if (targetId !== null && !targetLoaded && hasNextPage && !isFetchingNextPage && pagesRead < MAX_PAGES_FOR_ANCHOR) void fetchNextPage();
  }, [targetId, targetLoaded, hasNextPage, isFetchingNextPage, pagesRead, fetchNextPage]);
  // #comments (the section) once the threads are in; #comment-40 once that comment is.
  useScrollToAnchor(targetId !== null ? targetLoaded : !threads.isPending);

  return (
    <section className="comments card card--padded" id="comments" aria-labelledby="comments-title" data-testid="comments">
      <h2 className="card__title" id="comments-title">
        {t('comments.title')} <span className="count-pill">{post.commentCount}</span>
      </h2>

      {me ? (
        <CommentComposer postId={post.id} />
      ) : (
        <p className="muted">
          <Link to={signUpReturningTo(`/posts/${post.id}#comments`)} data-testid="comment-signup">
            {t('front.signUpToComment')}
          </Link>
        </p>
      )}

      {threads.isPending ? (
        <div className="stack stack--sm">
          <Skeleton height={48} width="100%" />
          <Skeleton height={48} width="100%" />
        </div>
      ) : threads.isError ? (
        <ErrorView error={threads.error} onRetry={() => void threads.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted comments__empty">{t('comments.empty')}</p>
      ) : (
        <ol className="comment-list">
          {items.map((thread) => (
            <li key={thread.comment.id}>
              <CommentItem comment={thread.comment} postId={post.id} onDelete={setDeleting} canReply={!!me} highlighted={thread.comment.id === targetId} />
              {thread.replies.length ? (
                <ol className="comment-list comment-list--replies">
                  {thread.replies.map((reply) => (
                    <li key={reply.id}>
                      <CommentItem comment={reply} postId={post.id} onDelete={setDeleting} canReply={false} highlighted={reply.id === targetId} />
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <LoadMore hasMore={threads.hasNextPage} loading={threads.isFetchingNextPage} onLoad={() => void threads.fetchNextPage()} />

      <ConfirmDialog
        open={deleting !== null}
        title={t('comments.deleteConfirm')}
        confirmLabel={t('common.delete')}
        danger
        busy={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting !== null && remove.mutate(deleting, { onSettled: () => setDeleting(null) })}
      />
    </section>
  );
}

function CommentComposer({ postId, parent, onDone, autoFocus = false }: { postId: number; parent?: Comment; onDone?: () => void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const id = useId();
  const create = useCreateComment(postId);
  const errorMessage = useErrorMessage();
  const [body, setBody] = useState('');
  const [photoKey, setPhotoKey] = useState(0);
  const [photo, setPhoto] = useState<{ busy: boolean; failed: boolean; photos: PhotoRef[] }>({ busy: false, failed: false, photos: [] });
  const label = parent ? t('comments.replyTo', { name: parent.author.displayName }) : t('comments.add');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || overLimit(body, COMMENT_LIMIT) > 0 || photo.busy || photo.failed) return;
    create.mutate(
      { body: body.trim(), ...(parent ? { parentId: parent.id } : {}), ...(photo.photos[0] ? { photo: photo.photos[0] } : {}) },
      {
        onSuccess: () => {
          setBody('');
          setPhotoKey((k) => k + 1);
          onDone?.();
        },
      },
    );
  };

  return (
    <form className={`comment-composer${parent ? ' comment-composer--reply' : ''}`} onSubmit={submit} data-testid={parent ? 'reply-form' : 'comment-form'}>
      {me ? <Avatar name={me.displayName} seed={me.id} src={me.avatar?.variants[0]?.url} size={parent ? 28 : 36} /> : null}
      <div className="comment-composer__box">
        <label htmlFor={id} className="visually-hidden">
          {label}
        </label>
        <textarea
          id={id}
          rows={parent ? 2 : 3}
          value={body}
          placeholder={parent ? t('comments.replyPlaceholder') : t('comments.placeholder')}
          onChange={(e) => setBody(e.target.value)}
          autoFocus={autoFocus}
          aria-label={label}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(e);
          }}
        />
        <TextLimit value={body} limit={COMMENT_LIMIT} />
        <FormError message={create.error ? errorMessage(create.error) : null} />
        <div className="comment-composer__actions">
          <CommentPhoto key={photoKey} onChange={setPhoto} />
          {parent ? (
            <button type="button" className="btn btn--ghost btn--sm" onClick={onDone}>
              {t('common.cancel')}
            </button>
          ) : null}
          <button type="submit" className="btn btn--primary btn--sm" disabled={!body.trim() || overLimit(body, COMMENT_LIMIT) > 0 || create.isPending || photo.busy || photo.failed} data-testid={parent ? 'send-reply' : 'submit-comment'}>
            <Icon name="send" size={16} />
            {parent ? t('comments.sendReply') : t('comments.submit')}
          </button>
        </div>
      </div>
    </form>
  );
}

function CommentItem({ comment, postId, onDelete, canReply, highlighted }: { comment: Comment; postId: number; onDelete: (id: number) => void; canReply: boolean; highlighted: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const like = useLikeComment(postId);
  const update = useUpdateComment(postId);
  const me = useMe();
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const editId = useId();
  const anchor = { id: `comment-${comment.id}`, 'data-highlighted': highlighted || undefined };
  const target = highlighted ? ' comment--target' : '';

  if (comment.deleted) {
    return (
      <div className={`comment comment--deleted${target}`} data-testid="comment" {...anchor}>
        <p className="muted">{t('comments.deleted')}</p>
      </div>
    );
  }
  return (
    <div className={`comment${target}`} data-testid="comment" {...anchor}>
      <Avatar name={comment.author.displayName} seed={comment.author.id} src={comment.author.avatarUrl} size={comment.parentId ? 28 : 36} />
      <div className="comment__main">
        <div className="comment__head">
          <Link to={`/u/${comment.author.username}`} className="comment__author">
            {comment.author.displayName}
          </Link>
          <time className="small muted" dateTime={comment.createdAt}>
            {f.timeAgo(comment.createdAt)}
            {comment.editedAt ? ` · ${t('common.edited')}` : ''}
          </time>
          {comment.held ? (
            <span className="badge badge--warning" data-testid="comment-held" title={t('comments.heldBody')}>
              {t('comments.held')}
            </span>
          ) : null}
        </div>
        {comment.held ? <p className="small muted">{t('comments.heldBody')}</p> : null}
        {editing ? (
          <form
            className="comment__edit"
            onSubmit={(e) => {
              e.preventDefault();
              if (!draft.trim() || overLimit(draft, COMMENT_LIMIT) > 0) return;
              update.mutate({ id: comment.id, body: draft.trim() }, { onSuccess: () => setEditing(false) });
            }}
          >
            <label htmlFor={editId} className="visually-hidden">
              {t('comments.editComment')}
            </label>
            <textarea id={editId} rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus />
            <TextLimit value={draft} limit={COMMENT_LIMIT} />
            <div className="comment-composer__actions">
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="btn btn--primary btn--sm" disabled={update.isPending || !draft.trim() || overLimit(draft, COMMENT_LIMIT) > 0}>
                {t('common.save')}
              </button>
            </div>
          </form>
        ) : (
          <div className="comment__body prose prose--compact" data-testid="comment-body" dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />
        )}
        {comment.photo ? <PhotoGallery photos={[comment.photo]} compact /> : null}
        <div className="comment__actions">
          <button
            type="button"
            className={`text-button${comment.viewer.liked ? ' text-button--on' : ''}`}
            aria-pressed={comment.viewer.liked}
            disabled={!me}
            onClick={() => like.mutate({ id: comment.id, like: !comment.viewer.liked, likeCount: comment.likeCount })}
            data-testid="comment-like"
          >
            <Icon name="heart" size={15} filled={comment.viewer.liked} />
            {comment.likeCount > 0 ? (
              <>
                <span aria-hidden="true">{f.number(comment.likeCount)}</span>
                <span className="visually-hidden">
                  {t('post.like')} ({t('common.likes', { count: comment.likeCount })})
                </span>
              </>
            ) : (
              t('post.like')
            )}
          </button>
          {canReply ? (
            <button type="button" className="text-button" onClick={() => setReplying((r) => !r)} aria-expanded={replying}>
              <Icon name="reply" size={15} />
              {t('comments.reply')}
            </button>
          ) : null}
          {comment.viewer.canEdit && !editing ? (
            <button
              type="button"
              className="text-button"
              onClick={() => {
                setDraft(comment.body);
                setEditing(true);
              }}
            >
              {t('common.edit')}
            </button>
          ) : null}
          {comment.viewer.canDelete ? (
            <button type="button" className="text-button text-button--danger" onClick={() => onDelete(comment.id)}>
              {t('common.delete')}
            </button>
          ) : null}
          <ReportMenu target={{ kind: 'comment', id: comment.id }} authorId={comment.author.id} label={t('moderation.report.comment')} />
        </div>
        {replying ? <CommentComposer postId={postId} parent={comment} onDone={() => setReplying(false)} autoFocus /> : null}
      </div>
    </div>
  );
}

/** One photo to go with a comment: pick it, watch it upload, retry or remove it. Reports its state up. */
function CommentPhoto({ onChange }: { onChange: (state: { busy: boolean; failed: boolean; photos: PhotoRef[] }) => void }) {
  const { t } = useTranslation();
  const picker = usePhotoPicker([], 1);
  const item = picker.items[0];
  const { busy, failed, photos } = picker;
  const photoId = photos[0]?.id;
  // The photo's id stands for the list: it is all a comment takes.
  useEffect(() => onChange({ busy, failed, photos: photoId === undefined ? [] : [{ id: photoId }] }), [busy, failed, photoId, onChange]);
  if (!item) return <PhotoButton className="comment-photo__add" onPick={(file) => picker.add([file])} testId="comment-photo-input" />;
  return (
    <span className={`comment-photo comment-photo--${item.status}`} data-testid="comment-photo" data-status={item.status}>
      <img src={item.preview} alt="" width={40} height={40} />
      {item.status === 'uploading' ? <progress max={1} value={item.progress} aria-label={t('photos.uploading', { n: 1 })} /> : null}
      {item.status === 'failed' ? (
        <button type="button" className="icon-button" onClick={() => picker.retry(item.key)} aria-label={t('photos.retry', { n: 1 })}>
          <Icon name="retry" size={16} />
        </button>
      ) : null}
      <button type="button" className="icon-button" onClick={() => picker.remove(item.key)} aria-label={t('photos.remove', { n: 1 })}>
        <Icon name="x" size={16} />
      </button>
    </span>
  );
}
