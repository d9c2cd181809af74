export { EvidenceLink } from './EvidenceLink';
export type { EvidenceLinkProps } from './EvidenceLink';
