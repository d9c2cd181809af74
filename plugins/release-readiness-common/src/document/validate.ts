import { Protocol11Form } from '../form/types';
import { DOCUMENT_CHECKS } from './checks';
import { MarkdownLimitError } from '../text/markdown';
import { ParsedDocument, parseProtocolDocument } from './parse';

/** The outcome of one playbook check. @public */
export interface Protocol11CheckResult {
  /** Stable id, such as `approval-prompt`. */
  id: string;
  passed: boolean;
  /** What passed, or every problem found, in one line. */
  message: string;
  /** The playbook requirement the check stands for. */
  requirement: string;
}

/** A document's validation report. @public */
export interface Protocol11ValidationReport {
  passed: boolean;
  checks: Protocol11CheckResult[];
}

/** Options for {@link validateProtocol11Document}. @public */
export interface Protocol11ValidateOptions {
  /**
   * The form the document was generated from. With it the MUST steps, halt
   * conditions, approval prompt and gate names are checked word for word.
   */
  form?: Protocol11Form;
}

/** Ids of every check, in the order they run. @public */
export const PROTOCOL11_CHECK_IDS: readonly string[] = DOCUMENT_CHECKS.map(
  c => c.id,
);

/**
 * Checks a Protocol 11 document against the generator playbook: one check per
 * requirement, each reading the document's CommonMark syntax tree. Never throws
 * on document content: a leading byte order mark is ignored (the shared
 * decoding rule), and a document nested deeper than the Markdown reader's
 * limit fails every check with the line.
 * @public
 */
export function validateProtocol11Document(
  markdown: string,
  options: Protocol11ValidateOptions = {},
): Protocol11ValidationReport {
  let doc: ParsedDocument;
  try {
    doc = parseProtocolDocument(markdown);
  } catch (e) {
    if (!(e instanceof MarkdownLimitError)) throw e;
    // Over a reader limit: every check fails with the reason and its line.
    const checks = DOCUMENT_CHECKS.filter(
      check => !check.needsForm || options.form,
    ).map(check => ({
      id: check.id,
      passed: false,
      message: `the document cannot be read: ${e.message}`,
      requirement: check.requirement,
    }));
    return { passed: false, checks };
  }
  const checks = DOCUMENT_CHECKS.filter(
    check => !check.needsForm || options.form,
  ).map(check => {
    let problems: string[];
    try {
      problems = check.run({ doc, form: options.form });
    } catch (e) {
      problems = [
        `the check could not read the document (${(e as Error).message})`,
      ];
    }
    return {
      id: check.id,
      passed: problems.length === 0,
      message:
        problems.length === 0
          ? `ok: ${check.requirement}`
          : problems.join('; '),
      requirement: check.requirement,
    };
  });
  return { passed: checks.every(c => c.passed), checks };
}
