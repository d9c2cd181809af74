/**
 * The gate engine: reads a release's evidence and evaluates the three quality
 * gates of Protocol 11 in order. It never throws on bad evidence.
 */
import { Protocol11Form } from '../form/types';
import { PLAYBOOK_GATES } from '../playbook/playbook';
import { canonicalProtocol11Form } from './canonicalForm';
import { baseName, evidenceContractFor, gateEvidence } from './contract';
import { criterionResult, CriterionContext } from './evidence/define';
import { protocol12Handoff } from './handoff';
import { DEFAULT_MAX_FILE_BYTES, EvidenceReader } from './source';
import {
  CriterionResult,
  CriterionStatus,
  EvidenceLimits,
  EvidenceSource,
  GateResult,
  GateStatus,
  ReleaseReadiness,
  RELEASE_GATE_IDS,
} from './types';

/** What {@link evaluateReleaseGates} reads. @public */
export interface EvaluateReleaseGatesInput {
  /** The team's form; the canonical form when absent. */
  form?: Protocol11Form;
  files: EvidenceSource;
  limits?: EvidenceLimits;
  /**
   * A problem with the team's form file (invalid, over a limit) when the
   * caller fell back to the canonical form: it becomes an `error` criterion,
   * `form.valid`, of the first gate, so the release never shows as passed
   * while its form cannot be read.
   */
  formProblem?: { file: string; reason: string; field?: string };
}

const FORM_CRITERION = {
  id: 'form.valid',
  description:
    'The Protocol 11 form file of the repository can be read and is valid.',
};

const SEVERITY: readonly CriterionStatus[] = [
  'error',
  'failed',
  'pending',
  'passed',
];

/** Criteria for one evidence location: its contract's, or existence only. */
async function evaluateLocation(
  reader: EvidenceReader,
  location: string,
  paths: string[],
): Promise<CriterionResult[]> {
  const contract = evidenceContractFor(location);
  const loaded = await reader.load(location);
  if (!contract) {
    const info = {
      id: `evidence.${baseName(location)}.present`,
      description: `${baseName(location)} is present (existence only).`,
    };
    if (loaded.kind === 'missing')
      return [
        criterionResult(info, location, {
          status: 'pending',
          reason: 'file not found yet',
        }),
      ];
    if (loaded.kind === 'error' && loaded.unreadable) {
      return [
        criterionResult(info, location, {
          status: 'error',
          reason: loaded.reason,
        }),
      ];
    }
    return [
      criterionResult(info, location, {
        status: 'passed',
        reason: 'file is present',
      }),
    ];
  }
  if (loaded.kind === 'missing') {
    return contract.criteria.map(c =>
      criterionResult(c, location, {
        status: 'pending',
        reason: 'file not found yet',
      }),
    );
  }
  if (loaded.kind === 'error') {
    return contract.criteria.map(c =>
      criterionResult(c, location, { status: 'error', reason: loaded.reason }),
    );
  }
  const ctx: CriterionContext = {
    path: location,
    evidencePaths: paths,
    load: p => reader.load(p),
  };
  return contract.evaluate(loaded.text, ctx);
}

/** Gate 3 also checks the telemetry handed to Protocol 12, unless gate 3 already reads it. */
async function handoffTelemetry(
  reader: EvidenceReader,
  evidence: string[][],
  paths: string[],
): Promise<CriterionResult[]> {
  const isTelemetry = (p: string) => evidenceContractFor(p)?.id === 'telemetry';
  if (evidence[2].some(isTelemetry)) return [];
  const location = paths.find(isTelemetry);
  if (!location) return [];
  const results = await evaluateLocation(reader, location, paths);
  return results.map(r => ({
    ...r,
    id: 'handoff.telemetry-parses',
    description:
      'The deployment telemetry handed to Protocol 12 parses, one JSON event per line.',
  }));
}

function uniqueIds(criteria: CriterionResult[]): CriterionResult[] {
  const seen = new Map<string, number>();
  return criteria.map(c => {
    const n = (seen.get(c.id) ?? 0) + 1;
    seen.set(c.id, n);
    return n === 1 ? c : { ...c, id: `${c.id}#${n}` };
  });
}

function worst(criteria: CriterionResult[]): CriterionStatus {
  for (const status of SEVERITY)
    if (criteria.some(c => c.status === status)) return status;
  return 'pending';
}

function summarize(
  status: GateStatus,
  criteria: CriterionResult[],
  previous?: string,
): string {
  const first = criteria.find(c => c.status === status);
  const field =
    first?.field && !first.reason.includes(first.field)
      ? ` (${first.field})`
      : '';
  const where = first ? `${baseName(first.file)}${field}: ${first.reason}` : '';
  const count = criteria.filter(c => c.status === status).length;
  switch (status) {
    case 'blocked':
      return `Blocked until ${previous} passes`;
    case 'passed':
      return `All ${criteria.length} criteria passed`;
    case 'failed':
      return `${count} of ${criteria.length} criteria failed; ${where}`;
    case 'error':
      return `${count} criteria cannot be evaluated; ${where}`;
    default:
      return criteria.length === 0
        ? 'The form names no evidence for this gate'
        : `Waiting for evidence; ${where}`;
  }
}

function gateName(form: Protocol11Form, index: number): string {
  const name = form?.phases?.[index]?.quality_gate?.gate_name;
  return typeof name === 'string' && name.trim() !== ''
    ? name
    : `${PLAYBOOK_GATES[index]} Gate`;
}

async function evaluate(
  input: EvaluateReleaseGatesInput,
): Promise<ReleaseReadiness> {
  const form = input.form ?? canonicalProtocol11Form;
  const max = input.limits?.maxFileBytes;
  const reader = new EvidenceReader(
    input.files,
    typeof max === 'number' && max >= 0 ? max : DEFAULT_MAX_FILE_BYTES,
  );
  const evidence = gateEvidence(form).map(items =>
    items.map(i => i.storage_location),
  );
  const paths = evidence.flat();
  const gates: GateResult[] = [];
  for (const [index, id] of RELEASE_GATE_IDS.entries()) {
    let criteria: CriterionResult[] = [];
    if (index === 0 && input.formProblem) {
      const { file, reason, field } = input.formProblem;
      criteria.push(
        criterionResult(FORM_CRITERION, file, {
          status: 'error',
          reason,
          field,
        }),
      );
    }
    for (const location of evidence[index])
      criteria.push(...(await evaluateLocation(reader, location, paths)));
    if (index === 2)
      criteria.push(...(await handoffTelemetry(reader, evidence, paths)));
    criteria = uniqueIds(criteria);
    const previous = gates.find(g => g.status !== 'passed');
    const status: GateStatus = previous ? 'blocked' : worst(criteria);
    const failureHandling =
      form?.phases?.[index]?.quality_gate?.failure_handling;
    gates.push({
      id,
      name: gateName(form, index),
      phase: index + 1,
      status,
      summary: summarize(status, criteria, previous?.name),
      failureHandling:
        typeof failureHandling === 'string' ? failureHandling : '',
      criteria,
    });
  }
  const firstOpen = gates.find(g => g.status !== 'passed');
  const handoffReady = !firstOpen;
  return {
    overall: firstOpen ? firstOpen.status : 'passed',
    handoffReady,
    gates,
    protocol12: protocol12Handoff(form, paths, handoffReady),
  };
}

/** What the engine returns when something it did not foresee goes wrong. */
function failedEvaluation(
  form: Protocol11Form | undefined,
  e: unknown,
): ReleaseReadiness {
  const reason =
    `evaluation failed: ${e instanceof Error ? e.message : String(e)}`.slice(
      0,
      200,
    );
  return {
    overall: 'error',
    handoffReady: false,
    gates: RELEASE_GATE_IDS.map((id, index) => ({
      id,
      name: gateName(form ?? canonicalProtocol11Form, index),
      phase: index + 1,
      status: index === 0 ? 'error' : 'blocked',
      summary:
        index === 0 ? reason : 'Blocked until the evidence can be evaluated',
      failureHandling: '',
      criteria: [],
    })),
    protocol12: protocol12Handoff(canonicalProtocol11Form, [], false),
  };
}

/**
 * Evaluates the three quality gates of Protocol 11 — Release Authorization,
 * Production Deployment, Stabilization & Handoff — in order, against the
 * evidence files the form names under `.artifacts/deployment/`.
 *
 * Each gate's criteria come from the evidence files of its phase, matched to
 * the evidence contract by file name; files the contract does not know are
 * checked for existence only. A gate is `blocked` while an earlier gate has
 * not passed (its criteria are still evaluated and listed). Bad evidence
 * (malformed, wrong types, too large, binary) becomes `error` criteria; the
 * returned promise never rejects.
 * @public
 */
export async function evaluateReleaseGates(
  input: EvaluateReleaseGatesInput,
): Promise<ReleaseReadiness> {
  try {
    return await evaluate(input);
  } catch (e) {
    return failedEvaluation(input?.form, e);
  }
}
