import type { PageContent, Preview } from './previews.js';
import { ogLocale, PAGE_LANGUAGES, phrasesFor, type PageLanguage } from './wording.js';

/** Escapes text for HTML content and for double- or single-quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface PageAddress {
  /** Scheme, host and port the public reaches the site at (see publicOrigin). */
  origin: string;
  lang: PageLanguage;
  /** The page was asked for in a language (`?lang=`): its canonical URL keeps it. */
  langInUrl: boolean;
}

/** The page at `path` in a language (`?lang=`), or as the visitor's browser picks it (no language: x-default). */
function urlOf(origin: string, path: string, lang: PageLanguage | null): string {
  return `${origin}${path}${lang ? `?lang=${encodeURIComponent(lang)}` : ''}`;
}

/**
 * The head tags of a preview: the title and description (in place of the page's defaults), the canonical
 * URL and its language versions, Open Graph and Twitter card tags, and robots' noindex where the page
 * stands for nothing a visitor may see. Every value is escaped.
 */
export function previewHeadTags(preview: Preview, address: PageAddress): string {
  const { origin, lang } = address;
  const site = phrasesFor(lang).site;
  const canonical = preview.path === null ? null : urlOf(origin, preview.path, address.langInUrl ? lang : null);
  const image = preview.image ? { ...preview.image, url: `${origin}${preview.image.path}` } : null;
  const meta = (attribute: 'name' | 'property', key: string, value: string) => `<meta ${attribute}="${escapeHtml(key)}" content="${escapeHtml(value)}" />`;
  const tags = [
    `<title>${escapeHtml(preview.pageTitle)}</title>`,
    meta('name', 'description', preview.description),
    ...(preview.noindex ? [meta('name', 'robots', 'noindex')] : []),
    ...(canonical
      ? [
          `<link rel="canonical" href="${escapeHtml(canonical)}" />`,
          ...PAGE_LANGUAGES.map((l) => `<link rel="alternate" hreflang="${l}" href="${escapeHtml(urlOf(origin, preview.path!, l))}" />`),
          `<link rel="alternate" hreflang="x-default" href="${escapeHtml(urlOf(origin, preview.path!, null))}" />`,
        ]
      : []),
    meta('property', 'og:site_name', site),
    meta('property', 'og:title', preview.title),
    meta('property', 'og:description', preview.description),
    meta('property', 'og:type', preview.type),
    ...(canonical ? [meta('property', 'og:url', canonical)] : []),
    meta('property', 'og:locale', ogLocale[lang]),
    ...PAGE_LANGUAGES.filter((l) => l !== lang).map((l) => meta('property', 'og:locale:alternate', ogLocale[l])),
    ...(image
      ? [
          meta('property', 'og:image', image.url),
          meta('property', 'og:image:type', 'image/jpeg'),
          meta('property', 'og:image:width', String(image.width)),
          meta('property', 'og:image:height', String(image.height)),
          meta('property', 'og:image:alt', image.alt),
        ]
      : []),
    ...preview.properties.map(([key, value]) => meta('property', key, value)),
    meta('name', 'twitter:card', image ? preview.card : 'summary'),
    meta('name', 'twitter:title', preview.title),
    meta('name', 'twitter:description', preview.description),
    ...(image ? [meta('name', 'twitter:image', image.url), meta('name', 'twitter:image:alt', image.alt)] : []),
  ];
  return tags.join('\n    ');
}

/**
 * The page's main content for readers without JavaScript, inside the app's root: React's createRoot
 * replaces the root's children when the app first renders, so the app mounts as before. Browsers that run
 * scripts never show it (the style beside it), so it neither flashes nor shifts the layout before then.
 */
export function previewMain(content: PageContent): string {
  const facts = content.facts.map(({ label, value, href }) => {
    const shown = href ? `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>` : escapeHtml(value);
    return `<dt>${escapeHtml(label)}</dt><dd>${shown}</dd>`;
  });
  return [
    '<main id="ssr">',
    `<h1>${escapeHtml(content.heading)}</h1>`,
    ...(facts.length ? [`<dl>${facts.join('')}</dl>`] : []),
    ...content.paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br />')}</p>`),
    '</main>',
  ].join('\n');
}

/** Hides the server-rendered content from browsers that will run the app (CSS Media Queries 5, `scripting`). */
export const SSR_STYLE = '<style>@media (scripting: enabled) { #ssr { display: none } }</style>';

const TITLE = /<title>[^<]*<\/title>/i;
const DEFAULT_DESCRIPTION = /[ \t]*<meta\s+name="description"[^>]*>\n?/i;
/** Where the page's main content goes: in the app's root, after its first-paint top bar (packages/web/index.html). */
const MAIN_SLOT = '<!-- kindred:main -->';

/** The page (one language's variant of index.html) with the preview's head tags and main content in it. */
export function pageWithPreview(html: string, preview: Preview, address: PageAddress): string {
  const head = `${previewHeadTags(preview, address)}\n    ${SSR_STYLE}`;
  let page = html.replace(DEFAULT_DESCRIPTION, '');
  // A function as the replacement: nothing in the tags is read as a `$` pattern.
  page = TITLE.test(page) ? page.replace(TITLE, () => head) : page.replace(/<\/head>/i, () => `${head}\n</head>`);
  if (preview.content) {
    const main = previewMain(preview.content);
    page = page.includes(MAIN_SLOT) ? page.replace(MAIN_SLOT, () => main) : page.replace(/<body([^>]*)>/i, (body) => `${body}\n${main}`);
  }
  return page;
}
