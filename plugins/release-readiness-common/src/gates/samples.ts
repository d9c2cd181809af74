/**
 * Complete evidence sets in every interesting state, built from the contract's
 * examples, for tests, demos and the sample services.
 */
import { EVIDENCE_DIR } from '../playbook/playbook';
import { EVIDENCE_CONTRACTS } from './contract';
import { sha256Hex } from './source';

/** The evidence states {@link sampleEvidence} can produce. @public */
export const SAMPLE_EVIDENCE_STATES = [
  'all-passed',
  'authorization-missing-approval',
  'deployment-failed',
  'stabilization-breached',
  'malformed',
  'tampered-manifest',
] as const;

/** One state of a sample evidence set. @public */
export type SampleEvidenceState = (typeof SAMPLE_EVIDENCE_STATES)[number];

const path = (fileName: string) => `${EVIDENCE_DIR}${fileName}`;
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function example(fileName: string): string {
  const contract = EVIDENCE_CONTRACTS.find(c => c.fileName === fileName);
  if (!contract) throw new Error(`no evidence contract for ${fileName}`);
  return contract.example;
}

/** The passing evidence of each phase, keyed by file name. */
function phaseFiles(phase: number): Record<string, string> {
  return Object.fromEntries(
    EVIDENCE_CONTRACTS.filter(
      c => c.phase === phase && c.fileName !== 'release-archive-manifest.json',
    ).map(c => [c.fileName, c.example]),
  );
}

function approvalsMissingBusinessOwner(): string {
  const approvals = JSON.parse(example('release-approvals.json'));
  approvals.approvals[1] = {
    ...approvals.approvals[1],
    decision: 'pending',
    decided_at: '2024-05-01T09:10:00Z',
  };
  return json(approvals);
}

function failedDeployment(): string {
  const report = JSON.parse(example('production-deployment-report.json'));
  report.status = 'rolled_back';
  report.alerts.push({
    severity: 'critical',
    message: 'Error rate 7.5% on green environment; rollback triggered',
    raised_at: '2024-05-01T10:18:00Z',
  });
  return json(report);
}

const FAILED_TELEMETRY = [
  '{"timestamp":"2024-05-01T10:10:00Z","event":"deploy.started","strategy":"bluegreen"}',
  '{"timestamp":"2024-05-01T10:18:00Z","event":"alert","severity":"critical","metric":"error_rate_percent","value":7.5}',
  '{"timestamp":"2024-05-01T10:21:00Z","event":"rollback.completed"}',
  '',
].join('\n');

function breachedHealthReport(): string {
  return example('release-health-report.md')
    .replace(
      '{ name: error_rate_percent, value: 0.2, max: 1 }',
      '{ name: error_rate_percent, value: 2.7, max: 1 }',
    )
    .replace(
      'All SLIs stayed within thresholds',
      'The error rate stayed above its threshold',
    );
}

/** The archive manifest over every other file of the set, with computed hashes. */
async function withManifest(
  files: Record<string, string>,
): Promise<Record<string, string>> {
  const entries = [];
  for (const [fileName, content] of Object.entries(files)) {
    entries.push({ path: path(fileName), sha256: await sha256Hex(content) });
  }
  const manifest = json({
    release: 'v2.4.0',
    archived_at: '2024-05-01T11:00:00Z',
    location: 's3://release-archive/payments/v2.4.0/',
    files: entries,
  });
  return { ...files, 'release-archive-manifest.json': manifest };
}

const withPaths = (files: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(files).map(([fileName, content]) => [
      path(fileName),
      content,
    ]),
  );

/**
 * A complete evidence set for the canonical form, keyed by repository path
 * (`.artifacts/deployment/…`), in the given state. Archive manifest hashes are
 * computed from the files, so the set is self-consistent except where the state
 * says otherwise.
 *
 * - `all-passed`: all three gates pass.
 * - `authorization-missing-approval`: phase 1 evidence only; the business owner's approval is pending.
 * - `deployment-failed`: gate 1 passes; the production deployment rolled back after a critical alert.
 * - `stabilization-breached`: gates 1–2 pass; a health metric is over its threshold.
 * - `malformed`: phase 1 evidence whose approvals file is not valid JSON.
 * - `tampered-manifest`: all evidence, but the rollback plan changed after archiving.
 * @public
 */
export async function sampleEvidence(
  state: SampleEvidenceState,
): Promise<Record<string, string>> {
  const phase1 = phaseFiles(1);
  const phase2 = phaseFiles(2);
  const phase3 = phaseFiles(3);
  switch (state) {
    case 'all-passed':
      return withPaths(await withManifest({ ...phase1, ...phase2, ...phase3 }));
    case 'authorization-missing-approval':
      return withPaths({
        ...phase1,
        'release-approvals.json': approvalsMissingBusinessOwner(),
      });
    case 'deployment-failed':
      return withPaths({
        ...phase1,
        ...phase2,
        'production-deployment-report.json': failedDeployment(),
        'deployment-telemetry.ndjson': FAILED_TELEMETRY,
      });
    case 'stabilization-breached':
      return withPaths(
        await withManifest({
          ...phase1,
          ...phase2,
          ...phase3,
          'release-health-report.md': breachedHealthReport(),
        }),
      );
    case 'malformed':
      return withPaths({
        ...phase1,
        'release-approvals.json': example('release-approvals.json').slice(
          0,
          120,
        ),
      });
    case 'tampered-manifest': {
      const files = await withManifest({ ...phase1, ...phase2, ...phase3 });
      files['rollback-plan.md'] = files['rollback-plan.md'].replace(
        'Switch the load balancer back to the blue environment.',
        'Switch the load balancer back to the blue environment (edited after archiving).',
      );
      return withPaths(files);
    }
    default:
      throw new Error(`unknown sample evidence state: ${String(state)}`);
  }
}
