const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * One formatter per locale: building an `Intl` formatter costs far more than
 * formatting with it, and a page of the compliance list formats a time per
 * row.
 */
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const exactFormats = new Map<string, Intl.DateTimeFormat>();

function cached<T>(
  cache: Map<string, T>,
  locale: string | undefined,
  create: () => T,
): T {
  const key = locale ?? '';
  let value = cache.get(key);
  if (!value) {
    value = create();
    cache.set(key, value);
  }
  return value;
}

/**
 * `3 hours ago`, `yesterday`, `in 5 minutes`: the distance between `iso` and
 * `now` in the largest whole unit. With `style: 'short'`, the locale's
 * abbreviated units (`3 hr. ago`, `1 min. ago`) for narrow table cells.
 *
 * @internal
 */
export function relativeTime(
  iso: string,
  now: Date = new Date(),
  locale?: string,
  style: 'long' | 'short' = 'long',
): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const format = cached(
    relativeFormats,
    `${locale ?? ''}|${style}`,
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style }),
  );
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(0, 'second');
}

/**
 * The exact instant in the reader's locale, with the time zone named.
 *
 * @internal
 */
export function exactTime(iso: string, locale?: string): string {
  return cached(
    exactFormats,
    locale,
    () =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'long',
      }),
  ).format(new Date(iso));
}
