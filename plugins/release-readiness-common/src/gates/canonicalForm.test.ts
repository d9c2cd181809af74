/**
 * @jest-environment node
 */
import { validateProtocol11Form } from '../form/validate';
import { EVIDENCE_DIR } from '../playbook/playbook';
import { canonicalProtocol11Form } from './canonicalForm';
import {
  EVIDENCE_CONTRACTS,
  evidenceContractFor,
  gateEvidence,
} from './contract';

describe('canonicalProtocol11Form', () => {
  it('is a valid form, unchanged by validation', async () => {
    const result = validateProtocol11Form(
      structuredClone(canonicalProtocol11Form),
    );
    expect(result.issues).toEqual([]);
    expect(result.ok && result.form).toEqual(canonicalProtocol11Form);
  });

  it('names exactly the files the evidence contract knows, in order', async () => {
    const paths = gateEvidence(canonicalProtocol11Form)
      .flat()
      .map(i => i.storage_location);
    expect(paths).toEqual(
      EVIDENCE_CONTRACTS.map(c => `${EVIDENCE_DIR}${c.fileName}`),
    );
    expect(paths.map(p => evidenceContractFor(p)?.phase)).toEqual([
      1, 1, 1, 2, 2, 2, 3, 3, 3,
    ]);
  });
});
