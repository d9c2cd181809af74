import { Link } from '@backstage/ui';
import { evidenceFileUrl } from '../../links';

/** Props of {@link EvidenceLink}. @public */
export interface EvidenceLinkProps {
  /** Repository path of the evidence file. */
  file: string;
  /** Base URL of the evidence folder in the repository, when known. */
  evidenceBaseUrl?: string;
}

/**
 * The evidence file's path, linked to the file in the repository when the
 * backend gave the evidence folder's URL, plain code otherwise.
 *
 * @public
 */
export function EvidenceLink({ file, evidenceBaseUrl }: EvidenceLinkProps) {
  const href = evidenceFileUrl(evidenceBaseUrl, file);
  const code = <code style={{ wordBreak: 'break-all' }}>{file}</code>;
  return href ? <Link href={href}>{code}</Link> : code;
}
