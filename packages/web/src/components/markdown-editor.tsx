import { useRef, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Icon } from './icons';

type Format = 'heading' | 'bold' | 'italic' | 'list' | 'quote' | 'link';

const formats: { name: Format; glyph: ReactNode }[] = [
  { name: 'heading', glyph: 'H' },
  { name: 'bold', glyph: 'B' },
  { name: 'italic', glyph: 'I' },
  { name: 'list', glyph: '•' },
  { name: 'quote', glyph: '❝' },
  { name: 'link', glyph: <Icon name="link" size={17} /> },
];

/** Wraps or prefixes the selection with Markdown syntax; returns the new text and selection. */
export function applyFormat(text: string, start: number, end: number, format: Format): { text: string; start: number; end: number } {
  const selected = text.slice(start, end);
  const wrap = (before: string, after: string, placeholder: string) => {
    const inner = selected || placeholder;
    return {
      text: text.slice(0, start) + before + inner + after + text.slice(end),
      start: start + before.length,
      end: start + before.length + inner.length,
    };
  };
  const prefixLines = (prefix: string, placeholder: string) => {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const block = text.slice(lineStart, end) || placeholder;
    const prefixed = block
      .split('\n')
      .map((l) => prefix + l)
      .join('\n');
    return { text: text.slice(0, lineStart) + prefixed + text.slice(end), start: lineStart, end: lineStart + prefixed.length };
  };
  switch (format) {
    case 'bold':
      return wrap('**', '**', 'bold');
    case 'italic':
      return wrap('_', '_', 'italic');
    case 'link':
      return wrap('[', '](https://)', 'link');
    case 'heading':
      return prefixLines('## ', 'Heading');
    case 'list':
      return prefixLines('- ', 'item');
    case 'quote':
      return prefixLines('> ', 'quote');
  }
}

/** A Markdown textarea with a small formatting toolbar. Receives id/aria props from <Field>, whose `limit` counts and refuses over-long text. */
export function MarkdownEditor({ value, onChange, placeholder, rows = 12, ...rest }: {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  rows?: number;
  id?: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement>(null);
  const format = (name: Format) => {
    const el = ref.current;
    if (!el) return;
    const result = applyFormat(value, el.selectionStart, el.selectionEnd, name);
    onChange(result.text);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(result.start, result.end);
    });
  };
  return (
    <div className="md-editor">
      <div className="md-editor__toolbar" role="toolbar" aria-label={t('compose.toolbar')}>
        {formats.map((f) => (
          <button key={f.name} type="button" className={`md-editor__tool md-editor__tool--${f.name}`} onClick={() => format(f.name)} aria-label={t(`compose.${f.name}`)} title={t(`compose.${f.name}`)}>
            <span aria-hidden="true" className="md-editor__glyph">
              {f.glyph}
            </span>
          </button>
        ))}
      </div>
      <textarea {...rest} ref={ref} rows={rows} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
