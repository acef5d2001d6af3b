import type { CreatePostBody, Group, Post, PostKind } from '@kindred/contract';
import { TEXT_LIMITS } from '@kindred/contract/limits';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ErrorView, PageSpinner } from '../components/feedback';
import { Field, FormError, overLimit } from '../components/form-field';
import { Icon } from '../components/icons';
import { KindIcon, postKinds } from '../components/kind-badge';
import { MarkdownEditor } from '../components/markdown-editor';
import { PhotoPicker, usePhotoPicker } from '../components/photo-picker';
import { useToast } from '../components/toast';
import { useActivity } from '../data/activities';
import { useGroup } from '../data/groups';
import { useCreatePost, usePost, useUpdatePost } from '../data/posts';
import { useDocumentTitle } from '../lib/document-title';
import { fieldErrors, useErrorMessage, fieldMessage } from '../lib/errors';
import { parseTags } from '../lib/format';
import { NotFoundPage } from './not-found';

const TITLE_LIMIT = TEXT_LIMITS.postTitle;
const BODY_LIMIT = TEXT_LIMITS.postBody;

export function ComposePostPage() {
  const { t } = useTranslation();
  const groupId = Number(useParams().id);
  const group = useGroup(groupId);
  const create = useCreatePost(groupId);
  const navigate = useNavigate();
  const toast = useToast();
  // ?recap=<activity id> (from an ended activity or its notification): a recap, titled after the activity.
  const recapId = Number(useSearchParams()[0].get('recap'));
  const recap = useActivity(Number.isInteger(recapId) && recapId > 0 ? recapId : 0);
  useDocumentTitle(t('compose.title'));

  if (group.isPending || (recap.fetchStatus === 'fetching' && recap.isPending)) return <PageSpinner />;
  if (group.isError) return <NotFoundPage />;
  if (!group.data.viewer.role) {
    return (
      <div className="page page--narrow">
        <ErrorView error={new Error(t('compose.mustJoin'))} />
        <p className="center">
          <Link to={`/groups/${groupId}`}>{t('post.backToGroup', { group: group.data.name })}</Link>
        </p>
      </div>
    );
  }
  return (
    <PostForm
      heading={t('compose.title')}
      group={group.data}
      initialTitle={recap.data ? t('feedback.recapTitlePrefill', { title: recap.data.title }) : undefined}
      submitLabel={t('compose.publish')}
      busyLabel={t('compose.publishing')}
      busy={create.isPending}
      error={create.error}
      onSubmit={(body) =>
        create.mutate(body, {
          onSuccess: (created) => {
            toast.show(t('compose.published'), 'success');
            navigate(`/posts/${created.id}`, { replace: true });
          },
        })
      }
    />
  );
}

export function EditPostPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const post = usePost(id);
  const update = useUpdatePost(id);
  const navigate = useNavigate();
  const toast = useToast();
  useDocumentTitle(t('compose.editTitle'));

  if (post.isPending) return <PageSpinner />;
  if (post.isError) return <NotFoundPage />;
  if (!post.data.viewer.canEdit) return <Navigate to={`/posts/${id}`} replace />;
  return (
    <PostForm
      heading={t('compose.editTitle')}
      group={post.data.group}
      initial={post.data}
      submitLabel={t('compose.saveChanges')}
      busyLabel={t('common.saving')}
      busy={update.isPending}
      error={update.error}
      onSubmit={(body) =>
        update.mutate(body, {
          onSuccess: () => {
            toast.show(t('compose.updated'), 'success');
            navigate(`/posts/${id}`, { replace: true });
          },
        })
      }
    />
  );
}

function PostForm({ heading, group, initial, initialTitle, submitLabel, busyLabel, busy, error, onSubmit }: {
  heading: string;
  group: Pick<Group, 'id' | 'name'>;
  initial?: Post;
  /** A new post's title to start from (a recap's). */
  initialTitle?: string;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (body: CreatePostBody) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [kind, setKind] = useState<PostKind>(initial?.kind ?? (initialTitle ? 'experience' : 'discussion'));
  const [title, setTitle] = useState(initial?.title ?? initialTitle ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [tags, setTags] = useState(initial?.tags.join(' ') ?? '');
  const photos = usePhotoPicker(initial?.photos);
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...fieldErrors(error), ...local };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!title.trim()) problems.title = fieldMessage('title', { kind: 'required' });
    else if (overLimit(title, TITLE_LIMIT)) problems.title = fieldMessage('title', { kind: 'tooLong', limit: TITLE_LIMIT });
    if (!body.trim()) problems.body = fieldMessage('body', { kind: 'required' });
    else if (overLimit(body, BODY_LIMIT)) problems.body = fieldMessage('body', { kind: 'tooLong', limit: BODY_LIMIT });
    const tagList = parseTags(tags);
    if (tagList.length > 8) problems.tags = t('groupForm.tooManyTags');
    if (photos.busy) problems.photos = t('photos.stillUploading');
    else if (photos.failed) problems.photos = t('photos.someFailed');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    onSubmit({ kind, title: title.trim(), body, tags: tagList, photos: photos.photos });
  };

  return (
    <div className="page page--narrow">
      <header className="page-header">
        <Link to={`/groups/${group.id}`} className="back-link">
          <Icon name="back" size={18} /> {group.name}
        </Link>
        <h1>{heading}</h1>
        <p className="muted">{t('compose.inGroup', { group: group.name })}</p>
      </header>
      <form className="form card card--padded" onSubmit={submit} noValidate data-testid="post-form">
        <FormError message={Object.keys(local).length ? null : error ? errorMessage(error) : null} />
        <fieldset className="fieldset">
          <legend className="field__label">{t('compose.kind')}</legend>
          <div className="kind-picker">
            {postKinds.map((k) => (
              <label key={k} className={`kind-option kind-option--${k}`}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                <span className="kind-option__icon">
                  <KindIcon kind={k} />
                </span>
                <span className="kind-option__name">{t(`kind.${k}`)}</span>
                <span className="kind-option__hint">{t(`compose.kindHints.${k}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={t('compose.postTitle')} error={fields.title} limit={TITLE_LIMIT}>
          <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} required />
        </Field>
        <PhotoPicker state={photos} label={t('photos.label')} error={fields.photos} />
        <Field label={t('compose.body')} hint={t('compose.bodyHint')} error={fields.body} limit={BODY_LIMIT}>
          <MarkdownEditor value={body} onChange={setBody} placeholder={t('compose.bodyPlaceholder')} />
        </Field>
        <Field label={t('compose.tags')} hint={t('compose.tagsHint')} error={fields.tags} optional>
          <input type="text" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="hiking, 香山" />
        </Field>
        <div className="form__actions">
          <Link to={initial ? `/posts/${initial.id}` : `/groups/${group.id}`} className="btn btn--ghost">
            {t('common.cancel')}
          </Link>
          <button type="submit" className="btn btn--primary btn--lg" disabled={busy} data-testid="publish-button">
            <Icon name="send" size={18} />
            {busy ? busyLabel : submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
