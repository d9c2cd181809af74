import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import postcss from 'postcss';
import { colord, extend } from 'colord';
import a11yPlugin from 'colord/plugins/a11y';
import labPlugin from 'colord/plugins/lab';
import { GATE_STATUS_COLORS } from './GateStatusLabel';
import { COMPLIANCE_STATUS_COLORS } from '../CompliancePage/ComplianceStatusLabel';
import { TABLE_LINK_COLOR } from '../CompliancePage/tableLinks';

extend([a11yPlugin, labPlugin]);

type Theme = 'light' | 'dark';

/**
 * Backstage UI's colour tokens per theme, read from the stylesheet the app
 * loads (`@backstage/ui/css/styles.css`): `:root` and the light theme's
 * block, then the dark theme's block over them.
 */
function themeTokens(): Record<Theme, Map<string, string>> {
  // Found through the package's own file: Jest maps `.css` imports to a stub.
  const css = readFileSync(
    join(
      dirname(require.resolve('@backstage/ui/package.json')),
      'dist/css/styles.css',
    ),
    'utf8',
  );
  const light = new Map<string, string>();
  const dark = new Map<string, string>();
  postcss.parse(css).walkRules(rule => {
    const selectors = rule.selectors.map(s => s.replace(/"/g, "'").trim());
    const isLight =
      selectors.includes(':root') ||
      selectors.includes("[data-theme-mode='light']");
    const isDark = selectors.includes("[data-theme-mode='dark']");
    if (!isLight && !isDark) return;
    rule.walkDecls(/^--bui-/, decl => {
      if (decl.parent !== rule) return;
      (isDark ? dark : light).set(decl.prop, decl.value);
    });
  });
  return { light, dark: new Map([...light, ...dark]) };
}

const TOKENS = themeTokens();

/** A CSS colour as the browser computes it on `background`: var() resolved, color-mix with transparent composited. */
function resolve(value: string, theme: Theme, background: string): string {
  const v = value.trim();
  const variable = /^var\(\s*(--[\w-]+)\s*(?:,\s*(.+))?\)$/.exec(v);
  if (variable) {
    const token = TOKENS[theme].get(variable[1]) ?? variable[2];
    if (token === undefined) throw new Error(`No ${variable[1]} in ${theme}`);
    return resolve(token, theme, background);
  }
  const mix = /^color-mix\(in srgb,\s*(.+)\s+([\d.]+)%,\s*transparent\)$/.exec(
    v,
  );
  if (mix) {
    const fg = colord(resolve(mix[1], theme, background)).toRgb();
    const bg = colord(background).toRgb();
    const p = Number(mix[2]) / 100;
    const blend = (a: number, b: number) => Math.round(a * p + b * (1 - p));
    return colord({
      r: blend(fg.r, bg.r),
      g: blend(fg.g, bg.g),
      b: blend(fg.b, bg.b),
    }).toHex();
  }
  if (!colord(v).isValid()) throw new Error(`Not a colour: ${v}`);
  return colord(v).toHex();
}

/** The surface of a Backstage UI card (the table and the chart sit on it). */
const cardBackground = (theme: Theme) =>
  resolve('var(--bui-bg-neutral-1)', theme, '#000');

describe('status and link colours', () => {
  it('reads both themes from the stylesheet', () => {
    expect(cardBackground('light')).toBe('#ffffff');
    expect(cardBackground('dark')).not.toBe('#ffffff');
  });

  const pairs = (['light', 'dark'] as const).flatMap(theme => [
    ...Object.entries(COMPLIANCE_STATUS_COLORS).map(
      ([status, color]) => [theme, status, color] as const,
    ),
    [theme, 'link', TABLE_LINK_COLOR] as const,
  ]);

  it.each(pairs)(
    'keeps WCAG AA contrast (4.5:1) for %s %s text on a card',
    (theme, _what, color) => {
      const background = cardBackground(theme);
      const ratio = colord(resolve(color, theme, background)).contrast(
        background,
      );
      expect(ratio).toBeGreaterThanOrEqual(4.5);
    },
  );

  it.each(['light', 'dark'] as const)(
    'draws Failed and Error in clearly different tones in the %s theme',
    theme => {
      const background = cardBackground(theme);
      const failed = resolve(GATE_STATUS_COLORS.failed, theme, background);
      const error = resolve(GATE_STATUS_COLORS.error, theme, background);
      // CIEDE2000 on colord's 0–1 scale: 0.05 is a difference seen at a glance.
      expect(colord(failed).delta(error)).toBeGreaterThanOrEqual(0.05);
    },
  );
});
