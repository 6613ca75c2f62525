/**
 * Validates 5-field cron expressions and IANA time zones before they reach Temporal, so a mistake is a 400 that names
 * the offending cron field ("minute: 61 is outside 0-59") rather than an opaque error from the schedule service.
 */
const fields = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

function value(text: string, field: (typeof fields)[number]): number {
  const names = 'names' in field ? (field.names as readonly string[]) : [];
  const named = names.indexOf(text.toUpperCase());
  if (named >= 0) return named + (field.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(text)) throw new Error(`${field.name}: "${text}" is not a number${names.length ? ' or name' : ''}`);
  const n = Number(text);
  if (n < field.min || n > field.max) throw new Error(`${field.name}: ${n} is outside ${field.min}-${field.max}`);
  return n;
}

/** Returns a description of what is wrong, or undefined for a valid expression. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  }
  try {
    parts.forEach((part, i) => {
      const field = fields[i]!;
      for (const item of part.split(',')) {
        const [range, step, extra] = item.split('/');
        if (extra !== undefined || range === undefined || range === '')
          throw new Error(`${field.name}: "${item}" is malformed`);
        if (step !== undefined && !/^[1-9]\d*$/.test(step))
          throw new Error(`${field.name}: step "${step}" must be a positive number`);
        if (range === '*') continue;
        const [from, to, more] = range.split('-');
        if (more !== undefined) throw new Error(`${field.name}: "${range}" is malformed`);
        const a = value(from!, field);
        if (to !== undefined && value(to, field) < a) throw new Error(`${field.name}: range ${range} runs backwards`);
      }
    });
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
