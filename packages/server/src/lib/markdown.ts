import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { MENTION } from './mentions.js';

// Raw HTML in Markdown is not interpreted; the sanitizer is a second wall behind that.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

/** Marks `@username` in text (not in links or code) as a link to the member's profile. */
markdown.core.ruler.after('linkify', 'mentions', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: typeof block.children = [];
    let inLink = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') inLink++;
      if (token.type === 'link_close') inLink--;
      if (token.type !== 'text' || inLink > 0 || !token.content.includes('@')) {
        out.push(token);
        continue;
      }
      let last = 0;
      for (const match of token.content.matchAll(MENTION)) {
        const at = match.index! + match[1]!.length;
        const text = (content: string) => Object.assign(new state.Token('text', '', 0), { content });
        if (at > last) out.push(text(token.content.slice(last, at)));
        const open = new state.Token('link_open', 'a', 1);
        open.attrs = [['href', `/u/${match[2]}`], ['class', 'mention']];
        out.push(open, text(`@${match[2]}`), new state.Token('link_close', 'a', -1));
        last = at + 1 + match[2]!.length;
      }
      if (last === 0) out.push(token);
      else if (last < token.content.length) out.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last) }));
    }
    block.children = out;
  }
});

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del', 'code', 'pre',
    'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target', 'class'], img: ['src', 'alt', 'title'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedClasses: { a: ['mention'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  transformTags: {
    // A mention stays in the app; any other link opens apart, and says it is the member's, not Kindred's.
    a: (tagName, { class: kind, ...attribs }): sanitizeHtml.Tag => {
      const href = attribs.href ?? '';
      return kind === 'mention' && href.startsWith('/u/')
        ? { tagName, attribs: { href, class: 'mention' } }
        : { tagName, attribs: { ...attribs, rel: 'nofollow noopener noreferrer ugc', target: '_blank' } };
    },
  },
};

/** Renders member-written Markdown to HTML that is safe to insert into a page. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), allowed);
}

/** How much of a text a notification quotes. */
export const NOTIFICATION_EXCERPT = 80;

/**
 * Plain-text start of a Markdown body, for every place that previews one
 * without rendering it (post cards and search results, notifications): the
 * reader sees "bold", never "**bold**".
 */
export function excerptOf(source: string, length = 180): string {
  const text = sanitizeHtml(markdown.render(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}

type Token = ReturnType<MarkdownIt['parse']>[number];

/**
 * Member-written Markdown as plain text, for places that show no HTML (calendar
 * files): paragraphs and list items keep their lines, emphasis marks go, and a
 * link keeps its text followed by its address.
 */
export function markdownToText(source: string): string {
  let out = '';
  const lists: { ordered: boolean; next: number }[] = [];
  for (const token of markdown.parse(source, {})) {
    switch (token.type) {
      case 'inline':
        out += inlineText(token.children ?? []);
        break;
      case 'fence':
      case 'code_block':
        out += `${token.content.replace(/\n$/, '')}\n\n`;
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ ordered: token.type === 'ordered_list_open', next: Number(token.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) out += '\n';
        break;
      case 'list_item_open': {
        const list = lists[lists.length - 1]!;
        out += '  '.repeat(lists.length - 1) + (list.ordered ? `${list.next++}. ` : '- ');
        break;
      }
      case 'paragraph_close':
        // Paragraphs inside a tight list are hidden: one line per item.
        out += token.hidden ? '\n' : '\n\n';
        break;
      case 'heading_close':
      case 'table_close':
        out += '\n\n';
        break;
      case 'hr':
        out += '\n';
        break;
      case 'th_close':
      case 'td_close':
        out += '\t';
        break;
      case 'tr_close':
        out = `${out.replace(/\t$/, '')}\n`;
        break;
    }
  }
  return out.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

function inlineText(tokens: Token[]): string {
  let text = '';
  const links: { href: string; from: number; linkify: boolean }[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'code_inline':
        text += token.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += '\n';
        break;
      case 'image':
        text += token.content;
        break;
      case 'link_open':
        links.push({ href: token.attrGet('href') ?? '', from: text.length, linkify: token.markup === 'linkify' });
        break;
      case 'link_close': {
        const link = links.pop();
        if (link && !link.linkify && link.href && text.slice(link.from) !== link.href) text += ` (${link.href})`;
        break;
      }
    }
  }
  return text;
}
