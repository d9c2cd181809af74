import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { EVIDENCE_DIR } from '@release-readiness/backstage-plugin-release-readiness-common';

/** Id of the tab's Protocol 12 handoff section. */
export const HANDOFF_SECTION_ID = 'protocol-12';

/**
 * Default target of the Protocol 12 handoff link: the handoff section of the
 * entity's own release-readiness tab (what goes to Protocol 12 and why), a
 * page every app with this plugin has. Point it at your Protocol 12
 * (Monitoring & Observability) tool with `releaseReadiness.protocol12Url`.
 *
 * @public
 */
export const DEFAULT_PROTOCOL12_URL = `/catalog/{namespace}/{kind}/{name}/release-readiness#${HANDOFF_SECTION_ID}`;

/** Name of the Protocol 11 Software Template. */
const TEMPLATE_PATH =
  '/create/templates/default/protocol-11-release-management';

/**
 * Fills a Protocol 12 URL template: `{entityRef}`, `{kind}`, `{namespace}`
 * and `{name}` are replaced by the entity's values, URL-encoded; kind and
 * namespace are lower-cased like catalog routes.
 *
 * @public
 */
export function protocol12Url(
  template: string,
  entity: CompoundEntityRef,
): string {
  const values: Record<string, string> = {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.namespace.toLocaleLowerCase('en-US'),
    name: entity.name,
  };
  return template.replace(
    /\{(entityRef|kind|namespace|name)\}/g,
    (_, key: string) => encodeURIComponent(values[key]),
  );
}

/**
 * Link to the Protocol 11 template with the entity pre-selected in its
 * `entity` parameter.
 *
 * @public
 */
export function protocol11TemplateUrl(entityRef: string): string {
  const formData = encodeURIComponent(JSON.stringify({ entity: entityRef }));
  return `${TEMPLATE_PATH}?formData=${formData}`;
}

/**
 * Path of the entity's release-readiness tab, such as
 * `/catalog/default/component/payments-api/release-readiness`.
 *
 * @public
 */
export function entityReadinessTabPath(
  entity: CompoundEntityRef | string,
): string {
  const ref = typeof entity === 'string' ? parseEntityRef(entity) : entity;
  const parts = [
    ref.namespace.toLocaleLowerCase('en-US'),
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
  ].map(encodeURIComponent);
  return `/catalog/${parts.join('/')}/release-readiness`;
}

/**
 * Link to one evidence file. `evidenceBaseUrl` is the evidence folder's URL
 * (`…/blob/main/.artifacts/deployment/`): a file inside that folder is
 * appended by its name; any other repository path is resolved against the
 * repository root the folder URL implies. Returns undefined without a base.
 *
 * @public
 */
export function evidenceFileUrl(
  evidenceBaseUrl: string | undefined,
  file: string,
): string | undefined {
  if (!evidenceBaseUrl) return undefined;
  const base = evidenceBaseUrl.endsWith('/')
    ? evidenceBaseUrl
    : `${evidenceBaseUrl}/`;
  const repoPath = file.replace(/^\.?\//, '');
  const folder = EVIDENCE_DIR.replace(/\/$/, '');
  const encode = (path: string) =>
    path.split('/').map(encodeURIComponent).join('/');
  if (base.endsWith(`/${folder}/`)) {
    if (repoPath.startsWith(EVIDENCE_DIR)) {
      return base + encode(repoPath.slice(EVIDENCE_DIR.length));
    }
    return base.slice(0, base.length - folder.length - 1) + encode(repoPath);
  }
  return base + encode(repoPath);
}
