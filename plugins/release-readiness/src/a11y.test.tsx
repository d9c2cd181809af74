import { screen } from '@testing-library/react';
import { axe } from 'jest-axe';
import { ReadinessCard } from './components/ReadinessCard';
import { ReadinessContent } from './components/ReadinessContent';
import { ComplianceView } from './components/CompliancePage';
import { createFakeApi } from './testing/fakeApi';
import { plainEntity, protocolEntity, renderWithApi } from './testing/render';
import {
  compliancePageFixture,
  complianceSummaryFixture,
  historyFixture,
  readinessFixtures,
} from './fixtures';

describe('accessibility', () => {
  it('the card has no axe violations', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(readinessFixtures.stale);
    const { container } = await renderWithApi(<ReadinessCard />, {
      api,
      entity: protocolEntity,
    });
    await screen.findByText('Stale result');
    expect(await axe(container)).toHaveNoViolations();
  });

  it('the tab has no axe violations', async () => {
    const api = createFakeApi();
    api.getEntityReadiness.mockResolvedValue(
      readinessFixtures.authorizationFailed,
    );
    api.getEntityHistory.mockResolvedValue(historyFixture);
    const { container } = await renderWithApi(<ReadinessContent />, {
      api,
      entity: protocolEntity,
    });
    await screen.findByRole('list', {
      name: 'Statuses of Release Authorization, oldest first',
    });
    expect(await axe(container)).toHaveNoViolations();
  });

  it('the compliance page has no axe violations', async () => {
    const api = createFakeApi();
    api.getCompliance.mockResolvedValue(compliancePageFixture);
    api.getComplianceSummary.mockResolvedValue(complianceSummaryFixture);
    const { container } = await renderWithApi(<ComplianceView />, {
      api,
      catalogEntities: [protocolEntity, plainEntity],
    });
    await screen.findByRole('figure', {
      name: 'Entities per gate and status',
    });
    await screen.findByRole('table', { name: 'Release compliance' });
    // The catalog's pickers, once their options have loaded.
    await screen.findByTestId('lifecycles-picker-expand');
    expect(await axe(container)).toHaveNoViolations();
  });
});
