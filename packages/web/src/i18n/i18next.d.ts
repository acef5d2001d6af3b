import type { en } from './en';

// Typed keys: a t('…') call with a key that English doesn't have fails to compile.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
