import { EVIDENCE_DIR } from '../../playbook/playbook';
import {
  DEFAULT_MAX_FILE_BYTES,
  EvidenceReader,
  evidenceFromRecord,
} from '../source';
import { EvidenceContract } from './define';

/**
 * Evaluates one evidence file's text against its contract, with `files` as the
 * rest of the evidence folder, and returns the criterion `id`. For tests.
 */
export async function evaluateCriterion(
  contract: EvidenceContract,
  text: string,
  id: string,
  files: Record<string, string | Uint8Array> = {},
) {
  const reader = new EvidenceReader(
    evidenceFromRecord(files),
    DEFAULT_MAX_FILE_BYTES,
  );
  const path = `${EVIDENCE_DIR}${contract.fileName}`;
  const evidencePaths = [path, ...Object.keys(files)];
  const results = await contract.evaluate(text, {
    path,
    evidencePaths,
    load: p => reader.load(p),
  });
  const result = results.find(r => r.id === id);
  if (!result) throw new Error(`no criterion ${id}`);
  return result;
}
