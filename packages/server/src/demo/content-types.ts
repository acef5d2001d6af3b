/** Hand-written demo content: groups with their posts and comment threads. */
export interface DemoGroup {
  key: string;
  name: string;
  description: string;
  city: string;
  tags: string[];
  visibility: 'public' | 'private';
  joinPolicy: 'open' | 'approval';
  posts: DemoPost[];
}

export interface DemoPost {
  kind: 'guide' | 'experience' | 'question' | 'discussion';
  title: string;
  body: string;
  tags: string[];
  comments: DemoComment[];
}

export interface DemoComment {
  body: string;
  replies?: string[];
}
