import { Type, type Static } from '@sinclair/typebox';
import { UserSummary } from './accounts.js';
import { Cursor, Id, Limit, Nullable, Tag, Timestamp } from './common.js';
import { Visibility } from './groups.js';
import { MAX_POST_PHOTOS, TEXT_LIMITS } from './limits.js';
import { Media, PhotoRef } from './media.js';

export const PostKind = Type.Union([
  Type.Literal('guide'),
  Type.Literal('experience'),
  Type.Literal('question'),
  Type.Literal('discussion'),
]);
export type PostKind = Static<typeof PostKind>;

export const GroupRef = Type.Object({ id: Type.Integer(), name: Type.String(), visibility: Visibility });

const postFields = {
  id: Type.Integer(),
  group: GroupRef,
  author: UserSummary,
  kind: PostKind,
  title: Type.String(),
  tags: Type.Array(Type.String()),
  likeCount: Type.Integer(),
  commentCount: Type.Integer(),
  pinned: Type.Boolean(),
  createdAt: Timestamp,
  editedAt: Nullable(Timestamp),
  viewer: Type.Object({
    liked: Type.Boolean(),
    canEdit: Type.Boolean(),
    canDelete: Type.Boolean(),
    canPin: Type.Boolean(),
  }),
};

export const PostSummary = Type.Object(
  {
    ...postFields,
    excerpt: Type.String({ description: 'Plain-text start of the body.' }),
    cover: Nullable(Media, { description: "The first photo of the post's gallery." }),
  },
  {},
);
export type PostSummary = Static<typeof PostSummary>;

export const Post = Type.Object(
  {
    ...postFields,
    body: Type.String({ description: 'Markdown source.' }),
    bodyHtml: Type.String(),
    photos: Type.Array(Media, { description: 'The gallery shown above the body, in order.' }),
    held: Type.Boolean({ description: 'Held for review by the keyword filter: only its author and moderators see it until a moderator lets it through.' }),
  },
  {},
);
export type Post = Static<typeof Post>;

export const PostSort = Type.Union([Type.Literal('new'), Type.Literal('hot'), Type.Literal('top')]);
export type PostSort = Static<typeof PostSort>;

export const GroupPostsQuery = Type.Object({
  sort: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('hot'), Type.Literal('top')], { default: 'new' })),
  kind: Type.Optional(PostKind),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type GroupPostsQuery = Static<typeof GroupPostsQuery>;

export const GroupPostsPage = Type.Object({
  items: Type.Array(PostSummary),
  nextCursor: Nullable(Type.String()),
  pinned: Type.Array(PostSummary, { description: 'Pinned posts, on the first page only.' }),
});

export const CreatePostBody = Type.Object(
  {
    kind: PostKind,
    title: Type.String({ minLength: 1, maxLength: TEXT_LIMITS.postTitle }),
    body: Type.String({ minLength: 1, maxLength: TEXT_LIMITS.postBody }),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 8 })),
    photos: Type.Optional(
      Type.Array(PhotoRef, { maxItems: MAX_POST_PHOTOS, description: "The gallery, in order: the member's own uploads; on an edit, replaces it." }),
    ),
  },
  { additionalProperties: false },
);
export type CreatePostBody = Static<typeof CreatePostBody>;

export const UpdatePostBody = Type.Partial(CreatePostBody, { additionalProperties: false });
export type UpdatePostBody = Static<typeof UpdatePostBody>;

export const Comment = Type.Object(
  {
    id: Type.Integer(),
    postId: Type.Integer(),
    parentId: Nullable(Type.Integer()),
    author: UserSummary,
    body: Type.String(),
    bodyHtml: Type.String(),
    likeCount: Type.Integer(),
    photo: Nullable(Media, { description: 'A photo with the comment; null when none (or deleted).' }),
    deleted: Type.Boolean(),
    held: Type.Boolean({ description: 'Held for review by the keyword filter: only its author and moderators see it until a moderator lets it through.' }),
    createdAt: Timestamp,
    editedAt: Nullable(Timestamp),
    viewer: Type.Object({ liked: Type.Boolean(), canEdit: Type.Boolean(), canDelete: Type.Boolean() }),
  },
  {},
);
export type Comment = Static<typeof Comment>;

export const CommentThread = Type.Object(
  { comment: Comment, replies: Type.Array(Comment) },
  {},
);
export type CommentThread = Static<typeof CommentThread>;

export const CreateCommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: TEXT_LIMITS.comment }),
    parentId: Type.Optional(Id),
    photo: Type.Optional(PhotoRef),
  },
  { additionalProperties: false },
);
export type CreateCommentBody = Static<typeof CreateCommentBody>;
export const UpdateCommentBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: TEXT_LIMITS.comment }) }, { additionalProperties: false });

export const LikeResult = Type.Object({ liked: Type.Boolean(), likeCount: Type.Integer() });
export const PinBody = Type.Object({ pinned: Type.Boolean() }, { additionalProperties: false });

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 100 }),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type SearchQuery = Static<typeof SearchQuery>;
