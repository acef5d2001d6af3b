/**
 * Writing CSV that spreadsheets open as intended: RFC 4180 quoting and CRLF
 * rows, a UTF-8 byte order mark (without it Excel reads the file in the
 * system's legacy code page and garbles Chinese names), and member-written
 * text kept from being run as a formula.
 */

export type CsvValue = string | number | boolean | null;

// A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP "CSV injection").
const formulaStart = /^[=+\-@\t\r]/;

/** One cell: text that could start a formula gets a leading apostrophe; every cell is quoted, quotes doubled. */
export function csvCell(value: CsvValue): string {
  const text = value === null ? '' : String(value);
  // Numbers the server writes are data; only text can carry a formula.
  const safe = typeof value === 'string' && formulaStart.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A whole file: byte order mark, a header row, then one row per record, each ended with CRLF. */
export function csvDocument(header: string[], rows: CsvValue[][]): string {
  return '\uFEFF' + [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
