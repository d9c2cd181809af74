import {
  PLAYBOOK_GATES,
  PROTOCOL11_DOCUMENT_FILE,
  Protocol11Form,
  protocol12Handoff,
  ReleaseReadiness,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ProtocolLocation } from '../sources';

/**
 * The readiness of an entity whose protocol document is not in its repository
 * yet: every gate pending, each saying why.
 */
export function documentMissingReadiness(
  form: Protocol11Form,
  location: ProtocolLocation,
): ReleaseReadiness {
  const file = location.documentUrl.startsWith(location.repositoryUrl)
    ? location.documentUrl.slice(location.repositoryUrl.length)
    : location.documentUrl;
  const reason = `the Protocol 11 document ${PROTOCOL11_DOCUMENT_FILE} was not found`;
  return {
    overall: 'pending',
    handoffReady: false,
    gates: RELEASE_GATE_IDS.map((id, index) => {
      const gate = form.phases?.[index]?.quality_gate;
      return {
        id,
        name: gate?.gate_name || `${PLAYBOOK_GATES[index]} Gate`,
        phase: index + 1,
        status: 'pending',
        summary: `Waiting for the protocol document: ${file} was not found; gates are evaluated once it is committed`,
        failureHandling: gate?.failure_handling ?? '',
        criteria: [
          {
            id: 'protocol.document-present',
            description:
              'The Protocol 11 document is committed to the repository.',
            status: 'pending',
            file,
            reason,
          },
        ],
      };
    }),
    protocol12: protocol12Handoff(form, [], false),
  };
}

/**
 * The readiness of an entity whose protocol document is over the size limit:
 * the first gate is `error` with a criterion naming the limit and its setting,
 * the later gates are blocked behind it. The document is never read whole.
 */
export function documentTooLargeReadiness(
  form: Protocol11Form,
  location: ProtocolLocation,
  maxBytes: number,
): ReleaseReadiness {
  const missing = documentMissingReadiness(form, location);
  const file = missing.gates[0].criteria[0].file;
  const reason = `the Protocol 11 document ${file} is over the ${maxBytes}-byte limit (releaseReadiness.maxEvidenceFileBytes)`;
  return {
    ...missing,
    overall: 'error',
    gates: missing.gates.map((gate, index) => ({
      ...gate,
      status: index === 0 ? 'error' : 'blocked',
      summary:
        index === 0
          ? `The protocol document cannot be checked: ${reason}`
          : `Blocked: ${missing.gates[0].name} has not passed`,
      criteria: [
        {
          id: 'protocol.document-size',
          description:
            'The Protocol 11 document is committed and within the size limit.',
          status: 'error',
          file,
          reason,
        },
      ],
    })),
  };
}
