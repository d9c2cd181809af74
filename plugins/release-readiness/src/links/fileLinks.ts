import { CompoundEntityRef } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { EntityFileRef } from '@release-readiness/backstage-plugin-release-readiness-common';
import { entityReadinessTabPath } from './links';
import { evidenceFileUrl } from './links';

/** Where a link to one of an entity's Protocol 11 files goes. @public */
export interface FileLink {
  href: string;
  /** True for the repository's web view (opens outside the portal). */
  external: boolean;
}

/** Query parameter of the tab that opens one file in its file viewer. */
export const FILE_QUERY_PARAM = 'file';

/** Id of the tab's file viewer, the anchor links to it jump to. */
export const FILE_VIEWER_ID = 'protocol-files';

const isWebUrl = (url: string | undefined): url is string =>
  !!url && /^https?:\/\//i.test(url);

/**
 * The tab's file viewer opened on `file`:
 * `/catalog/default/component/x/release-readiness?file=document#protocol-files`.
 *
 * @public
 */
export function fileViewerPath(
  entity: CompoundEntityRef,
  file: EntityFileRef,
): string {
  const search = new URLSearchParams({ [FILE_QUERY_PARAM]: file });
  return `${entityReadinessTabPath(entity)}?${search}#${FILE_VIEWER_ID}`;
}

/**
 * The link for one of an entity's files. In a repository on the web (GitHub,
 * GitLab, Bitbucket, Azure…) it is the file in the SCM's web view, resolved
 * through the app's SCM integrations (`scmIntegrationsApiRef`) when one
 * matches the host. Anywhere else (local sources such as the demo's folders)
 * it is the entity tab's file viewer, which reads the file through the
 * backend's permission-checked content route. Never a `file:` URL.
 *
 * @param options.baseUrl - `documentUrl` for `'document'`, `evidenceBaseUrl`
 *   for evidence paths, as the backend returned them.
 * @public
 */
export function protocolFileLink(options: {
  entity: CompoundEntityRef;
  file: EntityFileRef;
  baseUrl?: string;
  scm?: ScmIntegrationRegistry;
}): FileLink {
  const { entity, file, baseUrl, scm } = options;
  if (file !== 'form' && isWebUrl(baseUrl)) {
    if (file === 'document') return { href: baseUrl, external: true };
    const href = scm?.byUrl(baseUrl)
      ? scm.resolveUrl({ url: `/${file.replace(/^\.?\//, '')}`, base: baseUrl })
      : evidenceFileUrl(baseUrl, file);
    if (isWebUrl(href)) return { href, external: true };
  }
  return { href: fileViewerPath(entity, file), external: false };
}
