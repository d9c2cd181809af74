import { ReleaseReadinessApi } from '../api';

/**
 * A {@link ReleaseReadinessApi} whose every method is a jest mock, for
 * component tests; set what each returns per test.
 */
export function createFakeApi(): jest.Mocked<ReleaseReadinessApi> {
  return {
    getEntityReadiness: jest.fn(),
    refreshEntity: jest.fn(),
    getEntityHistory: jest.fn(),
    getEntityFile: jest.fn(),
    getCompliance: jest.fn(),
    getComplianceSummary: jest.fn(),
    exportComplianceCsv: jest.fn(),
  };
}
