import {
  GateResult,
  GateStatus,
  ReleaseReadiness,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { notificationEvents } from './events';

const NAMES = [
  'Release Authorization',
  'Production Deployment',
  'Stabilization & Handoff',
];
const IDS = [
  'release-authorization',
  'production-deployment',
  'stabilization-handoff',
] as const;

function readiness(...statuses: GateStatus[]): ReleaseReadiness {
  const gates: GateResult[] = statuses.map((status, i) => ({
    id: IDS[i],
    name: NAMES[i],
    phase: i + 1,
    status,
    summary: status,
    failureHandling: '',
    criteria: [
      {
        id: `c${i}`,
        description: 'x',
        status: status === 'blocked' ? 'pending' : status,
        file: `.artifacts/deployment/f${i}.json`,
        field: status === 'passed' ? undefined : `items[${i}].decision`,
        reason: `because ${status}`,
      },
    ],
  }));
  return {
    overall: statuses.find(s => s !== 'passed') ?? 'passed',
    handoffReady: statuses.every(s => s === 'passed'),
    gates,
    protocol12: { artifacts: [] } as unknown as ReleaseReadiness['protocol12'],
  };
}

describe('notificationEvents', () => {
  it('says nothing on the first evaluation, even with gates passed', () => {
    expect(
      notificationEvents(undefined, readiness('passed', 'passed', 'passed')),
    ).toEqual([]);
  });

  it('says nothing when the statuses are the same', () => {
    const r = readiness('passed', 'failed', 'blocked');
    expect(notificationEvents(r, r)).toEqual([]);
  });

  it('reports passed → failed and passed → error with the blocking file and field', () => {
    const events = notificationEvents(
      readiness('passed', 'passed', 'failed'),
      readiness('failed', 'blocked', 'blocked'),
    );
    expect(events).toEqual([
      {
        kind: 'regressed',
        gateId: 'release-authorization',
        gateName: 'Release Authorization',
        previousStatus: 'passed',
        status: 'failed',
        blocking: [
          {
            file: '.artifacts/deployment/f0.json',
            field: 'items[0].decision',
            reason: 'because failed',
          },
        ],
      },
    ]);
    expect(
      notificationEvents(
        readiness('passed', 'passed', 'passed'),
        readiness('passed', 'error', 'blocked'),
      ).map(e => [e.kind, e.gateId, e.status]),
    ).toEqual([['regressed', 'production-deployment', 'error']]);
  });

  it('does not call passed → pending or passed → blocked a regression', () => {
    expect(
      notificationEvents(
        readiness('passed', 'passed', 'passed'),
        readiness('pending', 'blocked', 'blocked'),
      ),
    ).toEqual([]);
  });

  it('reports Release Authorization and Stabilization & Handoff passing, not Production Deployment', () => {
    expect(
      notificationEvents(
        readiness('failed', 'blocked', 'blocked'),
        readiness('passed', 'passed', 'passed'),
      ).map(e => [e.kind, e.gateId, e.previousStatus]),
    ).toEqual([
      ['authorized', 'release-authorization', 'failed'],
      ['handed-off', 'stabilization-handoff', 'blocked'],
    ]);
  });
});
