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
export function documentMissingReadiness(form: Protocol11Form, location: ProtocolLocation): ReleaseReadiness {
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
            description: 'The Protocol 11 document is committed to the repository.',
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
