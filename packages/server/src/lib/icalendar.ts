/**
 * Writing iCalendar (RFC 5545): content lines folded at 75 octets, TEXT
 * values escaped, CRLF line endings.
 */

const MAX_LINE_OCTETS = 75;

/** A TEXT value (§3.3.11): backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
export function icsText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\t\n]/gu, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** A DATE-TIME in UTC (§3.3.5, form 2): 20261128T013000Z. */
export function icsDateTime(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Folds one content line (§3.1): no line longer than 75 octets, each
 * continuation starting with one space. Splits fall between characters,
 * never inside a UTF-8 sequence (nor between the halves of a surrogate pair).
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= MAX_LINE_OCTETS) return line;
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  // The first line holds 75 octets; continuations hold 74 after their leading space.
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > limit) {
      lines.push(current);
      current = ' ';
      octets = 1;
      limit = MAX_LINE_OCTETS;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n');
}

/** An iCalendar object from its content lines (unfolded), folded and ended with CRLF. */
export function icsDocument(lines: string[]): string {
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
