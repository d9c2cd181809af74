/**
 * The shape of an evidence contract: what one evidence file holds, how it is
 * parsed, and the criteria it must meet.
 */
import { LoadedEvidence } from '../source';
import { CriterionResult, CriterionStatus } from '../types';
import { EvidenceJsonSchema } from './json';

/** How an evidence file is written. @public */
export type EvidenceFormat = 'json' | 'markdown' | 'ndjson';

/** A criterion's verdict before the engine adds its id, description and file. @public */
export interface Verdict {
  status: CriterionStatus;
  reason: string;
  field?: string;
}

/** What a criterion can see besides its own file. @public */
export interface CriterionContext {
  /** Repository path of the file being checked. */
  path: string;
  /** Every evidence location of the form, in phase order. */
  evidencePaths: readonly string[];
  /** Reads another evidence file (cached; never rejects). */
  load(path: string): Promise<LoadedEvidence>;
}

/** Everything a reader needs to know about an evidence file, and the README says. @public */
export interface EvidenceContractInfo {
  /** Stable id of the evidence kind, such as `approvals`. */
  id: string;
  /** The file name the contract recognizes, such as `release-approvals.json`. */
  fileName: string;
  title: string;
  /** The phase whose evidence list names it in the canonical form. */
  phase: number;
  format: EvidenceFormat;
  /** What goes in the file. */
  contents: string;
  /** How the file is written: fields, sections, line rules. */
  formatDescription: string;
  /** A minimal valid example. */
  example: string;
  /** When the file passes its criteria. */
  passes: readonly string[];
  /** When it fails, is pending, or is an error. */
  fails: readonly string[];
  /** JSON Schema (draft-07) of the file, or of its front matter for Markdown. */
  schema?: EvidenceJsonSchema;
}

/** The id and description of one criterion. @public */
export interface CriterionInfo {
  id: string;
  description: string;
}

/** A contract ready to evaluate an evidence file's text. @public */
export interface EvidenceContract extends EvidenceContractInfo {
  criteria: readonly CriterionInfo[];
  /** Checks the text against every criterion; never rejects. */
  evaluate(text: string, ctx: CriterionContext): Promise<CriterionResult[]>;
}

/** One criterion over a parsed document. @internal */
export interface CriterionDefinition<T> extends CriterionInfo {
  evaluate(doc: T, ctx: CriterionContext): Verdict | Promise<Verdict>;
}

/** A parse outcome: the document, or why it cannot be judged. @internal */
export type ParseOutcome<T> =
  { ok: true; doc: T } | { ok: false; reason: string; field?: string };

/** A contract before its document type is erased. @internal */
export interface ContractDefinition<T> extends EvidenceContractInfo {
  parse(text: string): ParseOutcome<T>;
  criteria: readonly CriterionDefinition<T>[];
}

/** Builds a criterion result, leaving `field` out when there is none. @internal */
export function criterionResult(
  info: CriterionInfo,
  file: string,
  verdict: Verdict,
): CriterionResult {
  const result: CriterionResult = {
    id: info.id,
    description: info.description,
    status: verdict.status,
    file,
    reason: verdict.reason,
  };
  if (verdict.field) result.field = verdict.field;
  return result;
}

/**
 * Turns a contract definition into an {@link EvidenceContract}: unparsable
 * text makes every criterion an `error`, and a criterion that throws becomes
 * an `error` too.
 * @internal
 */
export function defineContract<T>(
  definition: ContractDefinition<T>,
): EvidenceContract {
  const { parse, criteria, ...info } = definition;
  return {
    ...info,
    criteria: criteria.map(c => ({ id: c.id, description: c.description })),
    async evaluate(
      text: string,
      ctx: CriterionContext,
    ): Promise<CriterionResult[]> {
      let parsed: ParseOutcome<T>;
      try {
        parsed = parse(text);
      } catch (e) {
        parsed = {
          ok: false,
          reason: `could not be parsed: ${e instanceof Error ? e.message : e}`,
        };
      }
      const results: CriterionResult[] = [];
      for (const criterion of criteria) {
        let verdict: Verdict;
        if (!parsed.ok)
          verdict = {
            status: 'error',
            reason: parsed.reason,
            field: parsed.field,
          };
        else {
          try {
            verdict = await criterion.evaluate(parsed.doc, ctx);
          } catch (e) {
            verdict = {
              status: 'error',
              reason: `could not be checked: ${e instanceof Error ? e.message : e}`,
            };
          }
        }
        results.push(criterionResult(criterion, ctx.path, verdict));
      }
      return results;
    },
  };
}

/** A JSON example, pretty-printed as the README shows it. @internal */
export const jsonExample = (value: unknown): string =>
  `${JSON.stringify(value, null, 2)}\n`;
