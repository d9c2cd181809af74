/**
 * The evidence contract: every evidence file the canonical form names, its
 * format and its criteria, and how a form's evidence list maps onto them.
 */
import { Protocol11EvidenceItem, Protocol11Form } from '../form/types';
import { PLAYBOOK_EVIDENCE } from '../playbook/playbook';
import { approvalsContract } from './evidence/approvals';
import { archiveManifestContract } from './evidence/archiveManifest';
import { checklistContract } from './evidence/checklist';
import { communicationLogContract } from './evidence/communicationLog';
import { EvidenceContract } from './evidence/define';
import { deploymentReportContract } from './evidence/deploymentReport';
import { healthReportContract } from './evidence/healthReport';
import { rollbackPlanContract } from './evidence/rollbackPlan';
import { stagingReportContract } from './evidence/stagingReport';
import { telemetryContract } from './evidence/telemetry';

/** Every evidence file the contract knows, in the canonical form's order. @public */
export const EVIDENCE_CONTRACTS: readonly EvidenceContract[] = [
  checklistContract,
  approvalsContract,
  rollbackPlanContract,
  stagingReportContract,
  deploymentReportContract,
  telemetryContract,
  healthReportContract,
  communicationLogContract,
  archiveManifestContract,
];

/** The last segment of a path. @internal */
export const baseName = (path: string): string =>
  path.slice(path.lastIndexOf('/') + 1);

/**
 * The contract for an evidence location, found by the location's file name
 * (so a renamed folder under `.artifacts/deployment/` keeps its checks), or
 * undefined when the contract does not know the file.
 * @public
 */
export function evidenceContractFor(
  location: string,
): EvidenceContract | undefined {
  const name = baseName(location.trim()).toLowerCase();
  return EVIDENCE_CONTRACTS.find(c => c.fileName === name);
}

/**
 * The evidence each gate reads: the form's evidence lists by phase, with the
 * evidence the playbook requires added to its phase when the form leaves it
 * out (the same rule the generated document follows), blank and duplicate
 * locations dropped.
 * @public
 */
export function gateEvidence(form: Protocol11Form): Protocol11EvidenceItem[][] {
  const phases = Array.isArray(form?.phases) ? form.phases : [];
  const evidence = [0, 1, 2].map(p => {
    const items = phases[p]?.evidence_collection;
    return (Array.isArray(items) ? items : []).filter(
      i =>
        i &&
        typeof i.storage_location === 'string' &&
        i.storage_location.trim() !== '',
    );
  });
  for (const required of PLAYBOOK_EVIDENCE) {
    const present = evidence.some(items =>
      items.some(
        i =>
          required.match.test(String(i.evidence_item ?? '')) ||
          required.match.test(i.storage_location),
      ),
    );
    if (!present) {
      evidence[required.phase - 1].push({
        evidence_item: required.evidence_item,
        storage_location: required.storage_location,
      });
    }
  }
  // A file listed twice in one phase counts once there; phases may share a file (each keeps
  // its own list, so no phase is ever left without evidence).
  return evidence.map(items => {
    const seen = new Set<string>();
    return items
      .map(i => ({
        evidence_item: String(i.evidence_item ?? ''),
        storage_location: i.storage_location.trim(),
      }))
      .filter(
        i => !seen.has(i.storage_location) && seen.add(i.storage_location),
      );
  });
}
