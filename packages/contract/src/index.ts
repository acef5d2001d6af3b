export * from './common.js';
export * from './accounts.js';
export * from './groups.js';
export * from './posts.js';
export * from './taxonomy.js';
export * from './activities.js';
export * from './recommendations.js';
export * from './companions.js';
