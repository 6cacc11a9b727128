// RFC 4180 CSV with spreadsheet formula injection neutralised (OWASP: prefix a quote).
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "boolean" ? String(value) : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: Array<string | boolean | null | undefined>): string {
  return values.map(csvCell).join(",") + "\r\n";
}
