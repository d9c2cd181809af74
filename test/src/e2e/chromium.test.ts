/**
 * How the browser tests find Chromium, and that a missing one fails at once
 * with one line saying what is missing.
 * @jest-environment node
 */
import { findChromium } from './portal';

const missing = '/nonexistent/chromium';

describe('findChromium', () => {
  it('uses CHROMIUM_PATH when it names an executable', () => {
    expect(
      findChromium({
        env: { CHROMIUM_PATH: process.execPath },
        install: false,
      }),
    ).toBe(process.execPath);
  });

  it('takes the first candidate that exists', () => {
    expect(
      findChromium({
        env: {},
        candidates: [missing, process.execPath],
        install: false,
      }),
    ).toBe(process.execPath);
  });

  it('fails with one line when CHROMIUM_PATH names nothing', () => {
    let error: Error | undefined;
    try {
      findChromium({
        env: { CHROMIUM_PATH: missing },
        candidates: [process.execPath],
        install: false,
      });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe(
      `Chromium is missing: CHROMIUM_PATH is ${missing}, which is not an executable file`,
    );
    expect(error?.stack).toBe(error?.message);
  });

  it('fails with one line naming where it looked when there is none and it may not install one', () => {
    let error: Error | undefined;
    try {
      findChromium({ env: {}, candidates: [missing], install: false });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe(
      `Chromium is missing: none of ${missing} exists; install Debian's package chromium (as root: apt-get install chromium) or set CHROMIUM_PATH`,
    );
    expect(error?.message).not.toContain('\n');
    expect(error?.stack).toBe(error?.message);
  });
});
