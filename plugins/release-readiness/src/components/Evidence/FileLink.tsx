import { ReactNode } from 'react';
import { Link } from '@backstage/ui';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { scmIntegrationsApiRef } from '@backstage/integration-react';
import { EntityFileRef } from '@release-readiness/backstage-plugin-release-readiness-common';
import { protocolFileLink } from '../../links';
import { PathText } from './PathText';

/** Props of {@link FileLink}. @public */
export interface FileLinkProps {
  entityRef: CompoundEntityRef;
  /** `'document'`, `'form'` or the repository path of an evidence file. */
  file: EntityFileRef;
  /** `documentUrl` for the document, `evidenceBaseUrl` for evidence, as the backend returned them. */
  baseUrl?: string;
  /** What the link shows; the path by default. */
  children?: ReactNode;
}

/**
 * A link to one of the entity's files: the SCM's web view for repositories on
 * the web (through the app's SCM integrations), the entity tab's file viewer
 * otherwise. Never a `file:` URL.
 *
 * @public
 */
export function FileLink({
  entityRef,
  file,
  baseUrl,
  children,
}: FileLinkProps) {
  // Optional: apps without SCM integrations still get plain repository links.
  const scm = useApiHolder().get(scmIntegrationsApiRef);
  const link = protocolFileLink({ entity: entityRef, file, baseUrl, scm });
  return (
    <Link
      href={link.href}
      {...(link.external
        ? { target: '_blank', rel: 'noopener noreferrer' }
        : {})}
      data-file={file}
    >
      {children ?? <PathText path={file} />}
    </Link>
  );
}
