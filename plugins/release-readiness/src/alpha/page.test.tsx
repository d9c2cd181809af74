import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { releaseReadinessApiRef } from '../api';
import { createFakeApi } from '../testing/fakeApi';
import { compliancePageFixture } from '../fixtures';
import { releaseCompliancePage } from './page';

// The page's code, stood in for: what this test checks is what the loader
// does before that code has run.
jest.mock('../components/CompliancePage', () => ({
  ComplianceViewWithHeader: () => <p>The page's code has loaded</p>,
}));

async function open(search: string) {
  window.history.replaceState(null, '', `/release-compliance${search}`);
  const api = createFakeApi();
  api.getCompliance.mockResolvedValue(compliancePageFixture);
  // As in an app: the extension finds the plugin's API in the app's APIs.
  const tester = createExtensionTester(releaseCompliancePage, {
    apis: [[releaseReadinessApiRef, api]],
  });
  await renderInTestApp(tester.reactElement());
  expect(
    await screen.findByText("The page's code has loaded"),
  ).toBeInTheDocument();
  return api;
}

describe('releaseCompliancePage', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it("asks for the first rows of the nav item's URL while the page's code loads", async () => {
    const api = await open('');
    expect(api.getCompliance).toHaveBeenCalledTimes(1);
    expect(api.getCompliance).toHaveBeenCalledWith({
      kind: ['component'],
      sort: 'title',
      order: 'asc',
      offset: 0,
      limit: 50,
    });
  });

  it('leaves a URL with filters to the page', async () => {
    const api = await open('?filters[kind]=system');
    expect(api.getCompliance).not.toHaveBeenCalled();
  });
});
