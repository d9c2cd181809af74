/**
 * Renders a deployment protection rule comment as GitHub shows it on a
 * workflow run (GitHub-flavoured Markdown, in a review box), in Chromium, and
 * saves a PNG: the README's picture of a rejected deployment comes from the
 * body the fake GitHub API received.
 */
import { mkdirSync } from 'fs';
import { marked } from 'marked';
import { dirname } from 'path';
import { chromium } from 'playwright-core';

const CSS = `
  body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
         color: #1f2328; background: #f6f8fa; margin: 0; padding: 24px; }
  .box { max-width: 760px; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
  .head { padding: 12px 16px; border-bottom: 1px solid #d1d9e0; background: #f6f8fa;
          border-radius: 6px 6px 0 0; display: flex; gap: 8px; align-items: center; }
  .state { color: #fff; background: #d1242f; border-radius: 2em; padding: 0 10px; font-weight: 600; font-size: 12px; }
  .body { padding: 8px 16px 16px; }
  code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #eff1f3;
         padding: .2em .4em; border-radius: 6px; }
  a { color: #0969da; text-decoration: none; }
  .note { max-width: 760px; color: #59636e; font-size: 12px; margin-top: 8px; }
`;

const escape = (text: string) =>
  text.replace(
    /[&<>"]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
  );

export interface RenderedComment {
  /** Text of every `code` element of the rendered comment. */
  code: string[];
  /** Every link target of the rendered comment. */
  links: string[];
  /** The comment's visible text. */
  text: string;
}

export async function renderCommentPng(options: {
  comment: string;
  state: string;
  environment: string;
  app: string;
  file: string;
  chromiumPath?: string;
}): Promise<RenderedComment> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>
    <div class="box">
      <div class="head"><span class="state">${escape(options.state)}</span>
        <strong>${escape(options.app)}</strong> reviewed the deployment to <strong>${escape(options.environment)}</strong></div>
      <div class="body" id="comment">${await marked.parse(options.comment, { gfm: true })}</div>
    </div>
    <div class="note">The comment as the GitHub API received it at the run's deployment_protection_rule callback, rendered as GitHub-flavoured Markdown.</div>
  </body></html>`;
  const browser = await chromium.launch({
    executablePath:
      options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 820, height: 400 },
      deviceScaleFactor: 1,
    });
    await page.setContent(html);
    mkdirSync(dirname(options.file), { recursive: true });
    await page.screenshot({ path: options.file, fullPage: true });
    const comment = page.locator('#comment');
    return {
      code: await comment.locator('code').allInnerTexts(),
      links: await comment
        .locator('a')
        .evaluateAll(as => as.map(a => a.getAttribute('href') ?? '')),
      text: await comment.innerText(),
    };
  } finally {
    await browser.close();
  }
}
