import type { ColumnType, Generated } from 'kysely';

/** Row types of the database, snake_case as in SQL. Views map them to the API's camelCase. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  bio: Generated<string>;
  city: string | null;
  lat: number | null;
  lng: number | null;
  birth_year: number | null;
  gender: 'female' | 'male' | 'nonbinary' | 'other' | null;
  role: Generated<'member' | 'operator'>;
  onboarded_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface UserInterestsTable {
  user_id: number;
  tag: string;
  skill: 'beginner' | 'intermediate' | 'advanced' | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface GroupsTable {
  id: Generated<number>;
  name: string;
  description: string;
  description_html: string;
  city: string | null;
  lat: number | null;
  lng: number | null;
  tags: string[];
  visibility: 'public' | 'private';
  join_policy: 'open' | 'approval';
  owner_id: number;
  member_count: Generated<number>;
  post_count: Generated<number>;
  search_vector: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
  role: 'owner' | 'admin' | 'member';
  joined_at: Timestamp;
}

export interface JoinRequestsTable {
  group_id: number;
  user_id: number;
  message: string;
  created_at: Timestamp;
}

export interface PostsTable {
  id: Generated<number>;
  group_id: number;
  author_id: number;
  kind: 'guide' | 'experience' | 'question' | 'discussion';
  title: string;
  body: string;
  body_html: string;
  excerpt: string;
  tags: string[];
  like_count: Generated<number>;
  comment_count: Generated<number>;
  score: ColumnType<number, never, never>;
  hot_score: Generated<number>;
  pinned_at: NullableTimestamp;
  search_vector: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
}

export interface CommentsTable {
  id: Generated<number>;
  post_id: number;
  parent_id: number | null;
  author_id: number;
  body: string;
  body_html: string;
  like_count: Generated<number>;
  created_at: Timestamp;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
}

export interface PostLikesTable {
  post_id: number;
  user_id: number;
  created_at: Timestamp;
}

export interface CommentLikesTable {
  comment_id: number;
  user_id: number;
  created_at: Timestamp;
}

export interface DB {
  users: UsersTable;
  user_interests: UserInterestsTable;
  sessions: SessionsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  join_requests: JoinRequestsTable;
  posts: PostsTable;
  comments: CommentsTable;
  post_likes: PostLikesTable;
  comment_likes: CommentLikesTable;
}
