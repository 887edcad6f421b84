/** Times are stored and sent as `2024-10-16T12:00:00.000Z` (what the Labelbox SDK parses). */
export const nowIso = (): string => new Date().toISOString();

/** Accepts `…T…Z`, `…T….sssZ`, offsets, and `YYYY-MM-DD[ hh:mm:ss]` (UTC); returns canonical ISO or null. */
export function parseDateTime(value: string): string | null {
  const trimmed = value.trim();
  const normalized = /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
    ? `${trimmed}T00:00:00Z`
    : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed)
      ? `${trimmed.replace(' ', 'T')}Z`
      : trimmed.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
