import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in Markdown is not interpreted; the sanitizer is a second wall behind that.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del', 'code', 'pre',
    'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer ugc', target: '_blank' }),
  },
};
allowed.allowedAttributes = { ...allowed.allowedAttributes, a: ['href', 'title', 'rel', 'target'] };

/** Renders member-written Markdown to HTML that is safe to insert into a page. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), allowed);
}

/** Plain-text start of a Markdown body, for cards and previews. */
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
