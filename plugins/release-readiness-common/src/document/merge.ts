import { gateEvidence } from '../gates/contract';
import {
  EVIDENCE_DIR,
  PLAYBOOK_ERRORS,
  PLAYBOOK_INPUTS,
  PLAYBOOK_OUTPUTS,
  PLAYBOOK_SCRIPTS,
  PlaybookProtocolRef,
} from '../playbook/playbook';
import {
  Protocol11AutomationHook,
  Protocol11EvidenceItem,
  Protocol11Form,
} from '../form/types';

/** A protocol the document names as input or output, merged from form and playbook. */
export interface IntegrationEntry {
  /** Protocol number as the playbook writes it ("04"), or undefined for free-form ids. */
  number?: string;
  title?: string;
  /** The protocol id as the form gives it, when the form names it. */
  id?: string;
  artifacts: string;
  why: string;
  /** True when the playbook requires it and the form did not name it. */
  fromPlaybook: boolean;
}

/** An error code with its message and recovery. */
export interface ErrorEntry {
  code: string;
  message: string;
  recovery?: string;
}

/** Everything the document shows, with the playbook's required content merged in. */
export interface DocumentModel {
  form: Protocol11Form;
  evidence: Protocol11EvidenceItem[][];
  inputs: IntegrationEntry[];
  outputs: IntegrationEntry[];
  hooks: Protocol11AutomationHook[];
  errors: ErrorEntry[];
  telemetry: Protocol11EvidenceItem;
}

const protocolNumber = (id: string) => /^\s*0*(\d+)/.exec(id)?.[1];

function mergeIntegration<T>(
  required: readonly PlaybookProtocolRef[],
  entries: T[],
  pick: (entry: T) => { id: string; artifacts: string; why: string },
): IntegrationEntry[] {
  const byNumber = new Map<
    string,
    { id: string; artifacts: string; why: string }
  >();
  const extra: IntegrationEntry[] = [];
  for (const entry of entries) {
    const picked = pick(entry);
    const n = protocolNumber(picked.id);
    const known = n && required.find(r => Number(r.number) === Number(n));
    if (known && !byNumber.has(known.number))
      byNumber.set(known.number, picked);
    else
      extra.push({
        id: picked.id,
        number: n,
        artifacts: picked.artifacts,
        why: picked.why,
        fromPlaybook: false,
      });
  }
  const merged = required.map(ref => {
    const fromForm = byNumber.get(ref.number);
    return {
      number: ref.number,
      title: ref.title,
      id: fromForm?.id,
      artifacts: fromForm?.artifacts || ref.artifacts,
      why: fromForm ? fromForm.why : ref.why,
      fromPlaybook: !fromForm,
    };
  });
  return [...merged, ...extra];
}

function mergeHooks(form: Protocol11Form): Protocol11AutomationHook[] {
  const fromForm = new Map(
    form.automation_hooks.map(h => [h.hook_name.trim(), h]),
  );
  const merged = PLAYBOOK_SCRIPTS.map(script => {
    const hook = fromForm.get(script.hook_name);
    return {
      hook_name: script.hook_name,
      trigger_point: hook?.trigger_point || script.trigger_point,
      command: hook?.command || script.command,
      expected_output: hook?.expected_output || script.expected_output,
    };
  });
  const names = new Set(PLAYBOOK_SCRIPTS.map(s => s.hook_name));
  return [
    ...merged,
    ...form.automation_hooks.filter(h => !names.has(h.hook_name.trim())),
  ];
}

function mergeErrors(form: Protocol11Form): ErrorEntry[] {
  const fromForm = new Map(
    form.communication_protocols.error_messages.map(e => [e.code.trim(), e]),
  );
  const merged = PLAYBOOK_ERRORS.map(required => ({
    code: required.code,
    message: fromForm.get(required.code)?.message ?? required.message,
    recovery: required.recovery,
  }));
  const codes = new Set(PLAYBOOK_ERRORS.map(e => e.code));
  return [
    ...merged,
    ...form.communication_protocols.error_messages.filter(
      e => !codes.has(e.code.trim()),
    ),
  ];
}

/** Merges the playbook's required content into what the form says. @internal */
export function buildDocumentModel(form: Protocol11Form): DocumentModel {
  // The same evidence list the gate engine evaluates: the form's, plus what the playbook requires.
  const evidence = gateEvidence(form);
  const telemetry = evidence
    .flat()
    .find(
      item =>
        /telemetry/i.test(item.evidence_item) ||
        /telemetry/i.test(item.storage_location),
    ) ?? {
    evidence_item: 'Deployment telemetry',
    storage_location: `${EVIDENCE_DIR}deployment-telemetry.ndjson`,
  };
  return {
    form,
    evidence,
    inputs: mergeIntegration(PLAYBOOK_INPUTS, form.inputs_from, i => ({
      id: i.protocol,
      artifacts: i.artifacts_consumed,
      why: i.usage,
    })),
    outputs: mergeIntegration(PLAYBOOK_OUTPUTS, form.outputs_to, o => ({
      id: o.protocol,
      artifacts: o.artifacts_provided,
      why: o.purpose,
    })),
    hooks: mergeHooks(form),
    errors: mergeErrors(form),
    telemetry,
  };
}
