/**
 * Test and demo helpers of the Protocol 11 engine: sample evidence sets in every
 * state the gates can be in. Not part of the main entry point's API.
 *
 * @packageDocumentation
 */
export { sampleEvidence, SAMPLE_EVIDENCE_STATES } from '../gates/samples';
export type { SampleEvidenceState } from '../gates/samples';
