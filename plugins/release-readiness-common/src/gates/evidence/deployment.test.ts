/**
 * @jest-environment node
 */
import { evaluateCriterion } from './testing';
import { deploymentReportContract } from './deploymentReport';
import { stagingReportContract } from './stagingReport';
import { telemetryContract } from './telemetry';

const run = evaluateCriterion;

const goLive = (decision: string) => ({
  approver: 'jane@example.com',
  decision,
  decided_at: '2024-05-01T10:05:00Z',
});
const staging = (fields: object) =>
  JSON.stringify({
    status: 'passed',
    smoke_tests: [{ name: 'health', status: 'passed' }],
    go_live_approval: goLive('approved'),
    ...fields,
  });

describe('staging-report.passed', () => {
  const id = 'staging-report.passed';
  it('passes when staging passed with smoke tests', async () => {
    expect((await run(stagingReportContract, staging({}), id)).status).toBe(
      'passed',
    );
  });
  it('fails when the staging status is failed', async () => {
    expect(
      await run(stagingReportContract, staging({ status: 'failed' }), id),
    ).toMatchObject({ status: 'failed', field: 'status' });
  });
  it('fails on a failed smoke test, naming it', async () => {
    const tests = [
      { name: 'health', status: 'passed' },
      { name: 'checkout', status: 'failed' },
    ];
    const r = await run(
      stagingReportContract,
      staging({ smoke_tests: tests }),
      id,
    );
    expect(r).toMatchObject({
      status: 'failed',
      field: 'smoke_tests[1].status',
    });
    expect(r.reason).toContain('checkout');
  });
  it('fails when no smoke test ran', async () => {
    expect(
      await run(stagingReportContract, staging({ smoke_tests: [] }), id),
    ).toMatchObject({ status: 'failed', field: 'smoke_tests' });
  });
});

describe('staging-report.go-live-approval', () => {
  const id = 'staging-report.go-live-approval';
  it('passes when go-live is approved', async () => {
    expect(await run(stagingReportContract, staging({}), id)).toMatchObject({
      status: 'passed',
      field: 'go_live_approval.decision',
    });
  });
  it('fails when go-live is rejected', async () => {
    expect(
      (
        await run(
          stagingReportContract,
          staging({ go_live_approval: goLive('rejected') }),
          id,
        )
      ).status,
    ).toBe('failed');
  });
  it('is pending while the go-live prompt is unanswered', async () => {
    expect(
      (
        await run(
          stagingReportContract,
          staging({ go_live_approval: goLive('pending') }),
          id,
        )
      ).status,
    ).toBe('pending');
    expect(
      (
        await run(
          stagingReportContract,
          staging({ go_live_approval: undefined }),
          id,
        )
      ).status,
    ).toBe('pending');
  });
});

const deployment = (fields: object) =>
  JSON.stringify({ status: 'succeeded', alerts: [], ...fields });

describe('deployment-report.succeeded', () => {
  const id = 'deployment-report.succeeded';
  it('passes when the deployment succeeded', async () => {
    expect(
      (await run(deploymentReportContract, deployment({}), id)).status,
    ).toBe('passed');
  });
  it('fails when the deployment failed or rolled back', async () => {
    const r = await run(
      deploymentReportContract,
      deployment({ status: 'rolled_back' }),
      id,
    );
    expect(r).toMatchObject({ status: 'failed', field: 'status' });
    expect(r.reason).toContain('DeploymentFailure');
  });
  it('is pending while the deployment is in progress', async () => {
    expect(
      (
        await run(
          deploymentReportContract,
          deployment({ status: 'in_progress' }),
          id,
        )
      ).status,
    ).toBe('pending');
  });
});

describe('deployment-report.no-critical-alerts', () => {
  const id = 'deployment-report.no-critical-alerts';
  it('passes with only non-critical alerts', async () => {
    const alerts = [{ severity: 'warning', message: 'slow' }];
    expect(
      (await run(deploymentReportContract, deployment({ alerts }), id)).status,
    ).toBe('passed');
  });
  it('fails on a critical alert, naming its severity field', async () => {
    const alerts = [
      { severity: 'info', message: 'ok' },
      { severity: 'critical', message: 'error rate 7%' },
    ];
    const r = await run(deploymentReportContract, deployment({ alerts }), id);
    expect(r).toMatchObject({ status: 'failed', field: 'alerts[1].severity' });
  });
  it('is an error for an unknown severity', async () => {
    const alerts = [{ severity: 'high', message: 'x' }];
    expect(
      await run(deploymentReportContract, deployment({ alerts }), id),
    ).toMatchObject({ status: 'error', field: 'alerts[0].severity' });
  });
});

describe('telemetry.parses', () => {
  const id = 'telemetry.parses';
  const line = (event: string) =>
    JSON.stringify({ timestamp: '2024-05-01T10:10:00Z', event });
  it('passes when every line is an event', async () => {
    const r = await run(
      telemetryContract,
      `${line('a')}\n\n${line('b')}\r\n`,
      id,
    );
    expect(r).toMatchObject({
      status: 'passed',
      reason: '2 telemetry event(s) parse',
    });
  });
  it('is an error on an unparsable line, naming the line number', async () => {
    const r = await run(
      telemetryContract,
      `${line('a')}\n${line('b')}\n{"timestamp": oops\n`,
      id,
    );
    expect(r).toMatchObject({
      status: 'error',
      field: 'line 3, column 15',
      reason: 'not valid JSON at line 3, column 15: unexpected character',
    });
  });
  it('is an error on a line without timestamp or event', async () => {
    const r = await run(telemetryContract, `${line('a')}\n{"event":"x"}\n`, id);
    expect(r).toMatchObject({ status: 'error', field: 'line 2' });
    expect(r.reason).toContain('timestamp');
    expect((await run(telemetryContract, '[1,2]\n', id)).reason).toContain(
      'must be an object',
    );
  });
  it('fails when there is no event', async () => {
    expect((await run(telemetryContract, '\n\n', id)).status).toBe('failed');
  });
});
