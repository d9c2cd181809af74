import {
  MouseEvent,
  ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { useHref, useNavigate } from 'react-router-dom';
import { LinkDefinition } from '@backstage/ui';
import { useAnalytics, useApiHolder } from '@backstage/core-plugin-api';
import {
  defaultEntityPresentation,
  entityPresentationApiRef,
  EntityRefPresentationSnapshot,
} from '@backstage/plugin-catalog-react';
import { afterPaint } from './afterPaint';

/** Backstage UI's link class names and default look (its stylesheet's own). */
const LINK_CLASS = `bui-Link ${LinkDefinition.styles['bui-Link'] ?? ''}`;

/**
 * The colour of the catalog table's entity links in the same app: core
 * components' `Link` draws them in the theme's primary colour (#1F5493 in
 * Backstage's light theme, #9CC9FF in its dark one), which Backstage UI
 * carries as its accent token. Two style objects, shared by every link.
 */
export const TABLE_LINK_COLOR = 'var(--bui-accent-bg, #1f5493)';
const LINK_STYLES = {
  regular: { color: TABLE_LINK_COLOR },
  bold: {
    color: TABLE_LINK_COLOR,
    fontWeight: 'var(--bui-font-weight-bold, 700)',
  },
} as const;

/**
 * A link in a table cell, drawn as the catalog table draws its entity links
 * (the theme's primary colour, underlined on hover only: Backstage UI's
 * `Link` class names with its `standalone` look) but as a plain anchor with
 * no hooks: a page of the compliance list has four links per row, and
 * rendering Backstage UI's `Link` (react-aria press and focus handling,
 * router and analytics hooks) per cell was the largest part of the time
 * between the rows' arrival and their paint. In-app navigation and the click
 * analytics come from one handler on the table ({@link useTableLinkClick}).
 */
export function TableLink(props: {
  href: string;
  /** Shown on hover (the catalog shows the full entity ref there). */
  title?: string;
  'aria-label'?: string;
  /** Bold, as the catalog table's name column is. */
  bold?: boolean;
  children: ReactNode;
}) {
  return (
    <a
      href={props.href}
      title={props.title}
      aria-label={props['aria-label']}
      className={LINK_CLASS}
      style={props.bold ? LINK_STYLES.bold : LINK_STYLES.regular}
      data-variant="body-medium"
      data-weight={props.bold ? 'bold' : 'regular'}
      data-standalone=""
      data-table-link=""
    >
      {props.children}
    </a>
  );
}

/**
 * Text that may break only after `/` and `.` (and, as browsers do anyway,
 * after a hyphen): `@scope/package-name` and `name.with.dots` wrap at their
 * natural joints, never inside a word. Plain strings and `<wbr>`
 * elements, no hooks, so it costs next to nothing per cell.
 */
export function breakable(text: string): ReactNode {
  const parts = text.split(/(?<=[/.])/);
  if (parts.length === 1) return text;
  return parts.flatMap((part, i) =>
    i === 0 ? [part] : [<wbr key={i} />, part],
  );
}

/** An npm scope (`@scope/`) at the start of a title. */
const SCOPE = /^(@[^/\s]+\/)(.+)$/;
/**
 * The scope's look: a size smaller and regular weight, never broken inside
 * (`@release-readiness/` fits a narrow column whole, and the package name
 * starts on the next line there).
 */
const SCOPE_STYLE = {
  fontSize: 'var(--bui-font-size-2, 0.75rem)',
  fontWeight: 'var(--bui-font-weight-regular, 400)',
  whiteSpace: 'nowrap',
} as const;

/**
 * An entity title as the compliance table shows it: {@link breakable}, and a
 * scoped npm package name (`@release-readiness/backstage-plugin-…`, the
 * title community plugins give their packages' entities) with its scope
 * smaller and unbroken, a break opportunity after it, so a narrow column
 * shows the scope on a line of its own and wraps the package name at its
 * words (after hyphens) rather than splitting the scope. The text is the
 * whole title either way (the link's name, a search, a copy).
 */
export function entityTitle(text: string): ReactNode {
  const scoped = SCOPE.exec(text);
  if (!scoped) return breakable(text);
  return [
    <span key="scope" style={SCOPE_STYLE}>
      {scoped[1]}
    </span>,
    <wbr key="after-scope" />,
    breakable(scoped[2]),
  ];
}

/**
 * The click handler for an element holding {@link TableLink}s: a plain
 * left click on one of them navigates inside the app (react-router, no page
 * load) and is captured as an analytics `click` event with the link's text
 * and target, as Backstage UI's `Link` does; a click with a modifier key or
 * another button is left to the browser (new tab, new window).
 */
export function useTableLinkClick() {
  const navigate = useNavigate();
  const analytics = useAnalytics();
  // The app's base path as react-router adds it to hrefs ('/' at the root).
  const base = useHref('/').replace(/\/$/, '');
  return useCallback(
    (event: MouseEvent<HTMLElement>) => {
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      )
        return;
      const anchor = (event.target as Element).closest?.(
        'a[data-table-link]',
      ) as HTMLAnchorElement | null;
      if (!anchor || !event.currentTarget.contains(anchor)) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      analytics.captureEvent(
        'click',
        anchor.getAttribute('aria-label') ?? anchor.textContent ?? '',
        { attributes: { to: anchor.getAttribute('href') ?? '' } },
      );
      const path =
        base && url.pathname.startsWith(`${base}/`)
          ? url.pathname.slice(base.length)
          : url.pathname;
      navigate(`${path}${url.search}${url.hash}`);
    },
    [navigate, analytics, base],
  );
}

/** An entity ref to present, with the kind a short ref has (`group` for an owner). */
export interface PresentedRef {
  ref: string;
  defaultKind: string;
}

/**
 * How the catalog presents each of a page's entity refs (owners, systems),
 * for the whole table at once: the catalog's default presentation from the
 * first render (the name, the full ref on hover; no catalog call), then,
 * once the entity presentation API has looked them all up (one batched
 * catalog request, after the rows are drawn), their titles in one update. `useEntityPresentation` per cell
 * gives the same text but subscribes every cell on its own.
 */
export function useRefPresentations(
  refs: PresentedRef[],
): (ref: string) => EntityRefPresentationSnapshot | undefined {
  const api = useApiHolder().get(entityPresentationApiRef);
  const key = JSON.stringify(refs);
  const [resolved, setResolved] = useState<{
    key: string;
    map: Map<string, EntityRefPresentationSnapshot>;
  }>();
  useEffect(() => {
    if (!api) return undefined;
    let cancelled = false;
    const lookUp = () => {
      const wanted: PresentedRef[] = JSON.parse(key);
      Promise.all(
        wanted.map(({ ref, defaultKind }) =>
          api
            .forEntity(ref, { defaultKind })
            .promise.then(p => [ref, p] as const)
            .catch(() => undefined),
        ),
      ).then(results => {
        if (cancelled) return;
        const map = new Map<string, EntityRefPresentationSnapshot>();
        for (const r of results) if (r) map.set(r[0], r[1]);
        setResolved({ key, map });
      });
    };
    // After the rows' paint: the lookups never delay it.
    const cancel = afterPaint(lookUp);
    return () => {
      cancelled = true;
      cancel();
    };
  }, [api, key]);

  const defaults = useMemo(() => {
    const map = new Map<string, EntityRefPresentationSnapshot>();
    for (const { ref, defaultKind } of JSON.parse(key) as PresentedRef[])
      map.set(ref, defaultEntityPresentation(ref, { defaultKind }));
    return map;
  }, [key]);
  const current = resolved?.key === key ? resolved.map : undefined;
  return (ref: string) => current?.get(ref) ?? defaults.get(ref);
}
