/** What Protocol 11 hands to Protocol 12 once the last gate passes. */
import { Protocol11Form } from '../form/types';
import {
  PLAYBOOK_OUTPUTS,
  PROTOCOL12_HANDOFF_LINE,
} from '../playbook/playbook';
import { baseName } from './contract';
import { HandoffArtifact, Protocol12Handoff } from './types';

/** The receiving protocol's id when the form does not name it. @public */
export const PROTOCOL12_ID = '12-post-deployment-monitoring-observability';

/**
 * The Protocol 12 handoff of a form: the artifacts its `outputs_to` entry for
 * Protocol 12 provides (the playbook's when the form has none), each linked to
 * the evidence location of the same file name.
 * @public
 */
export function protocol12Handoff(
  form: Protocol11Form,
  evidencePaths: readonly string[],
  ready: boolean,
): Protocol12Handoff {
  const playbook = PLAYBOOK_OUTPUTS.find(o => o.number === '12');
  const outputs = Array.isArray(form?.outputs_to) ? form.outputs_to : [];
  const entry = outputs.find(
    o => typeof o?.protocol === 'string' && /^\s*0*12(?!\d)/.test(o.protocol),
  );
  const provided =
    typeof entry?.artifacts_provided === 'string' &&
    entry.artifacts_provided.trim() !== ''
      ? entry.artifacts_provided
      : (playbook?.artifacts ?? '');
  const artifacts: HandoffArtifact[] = provided
    .split(',')
    .map(name => name.trim())
    .filter(name => name !== '')
    .map(name => {
      const path = evidencePaths.find(p => baseName(p) === baseName(name));
      return path ? { name, path } : { name };
    });
  const handoff: Protocol12Handoff = {
    ready,
    protocol: entry?.protocol?.trim() || PROTOCOL12_ID,
    purpose:
      (typeof entry?.purpose === 'string' && entry.purpose) ||
      playbook?.why ||
      '',
    artifacts,
  };
  if (ready) handoff.message = PROTOCOL12_HANDOFF_LINE;
  return handoff;
}
