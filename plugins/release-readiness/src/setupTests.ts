import '@testing-library/jest-dom';
import { toHaveNoViolations } from 'jest-axe';

expect.extend(toHaveNoViolations);
import { configure } from '@testing-library/react';

// Backstage UI tables (react-aria) take a while to render in jsdom.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30000);

// jsdom has no ResizeObserver; layout code (MUI popovers, react-aria) may ask for one.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  Object.defineProperty(globalThis, 'ResizeObserver', {
    value: ResizeObserverStub,
    writable: true,
    configurable: true,
  });
}
