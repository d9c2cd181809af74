/** `rollback-plan.md`: who rolls back, when, and how. */
import { defineContract } from './define';
import {
  checkWithSchema,
  EvidenceJsonSchema,
  JSON_SCHEMA_DRAFT_07,
} from './json';
import {
  headingKey,
  ParsedMarkdown,
  parseMarkdown,
  sectionContent,
} from './markdown';

/** Sections every rollback plan must have, each with content. @public */
export const ROLLBACK_PLAN_SECTIONS = [
  'Owners',
  'Triggers',
  'Procedure',
] as const;

/** JSON Schema (draft-07) of the optional front matter of `rollback-plan.md`. @public */
export const rollbackPlanFrontMatterSchema: EvidenceJsonSchema = {
  $schema: JSON_SCHEMA_DRAFT_07,
  $id: 'urn:protocol11:evidence:rollback-plan.front-matter',
  title: 'Rollback plan front matter',
  type: 'object',
  properties: {
    release: { type: 'string' },
    rehearsed_at: {
      type: 'string',
      format: 'date-time',
      description: 'When the rollback was last rehearsed.',
    },
  },
};

/** The rollback plan contract. @internal */
export const rollbackPlanContract = defineContract<ParsedMarkdown>({
  id: 'rollback-plan',
  fileName: 'rollback-plan.md',
  title: 'Rollback plan',
  phase: 1,
  format: 'markdown',
  contents:
    'The validated rollback plan: who owns the rollback, what triggers it, and the procedure to run.',
  formatDescription:
    'Markdown with the headings `## Owners`, `## Triggers` and `## Procedure` (any heading level, ATX or setext, case-insensitive, also inside a block quote), each followed by content; sub-headings count as content, HTML comments do not, and a heading inside a code block or HTML block is not a heading. Optional YAML front matter such as `rehearsed_at: 2024-04-30T15:00:00Z` (a real calendar date-time).',
  example: [
    '# Rollback plan',
    '',
    '## Owners',
    '- Rollback owner: ops-oncall@example.com',
    '',
    '## Triggers',
    '- Error rate above 1% for 5 minutes',
    '- Any critical alert during deployment',
    '',
    '## Procedure',
    '1. Switch the load balancer back to the blue environment.',
    '2. Confirm health checks and announce the rollback.',
    '',
  ].join('\n'),
  passes: [
    '`## Owners`, `## Triggers` and `## Procedure` are all present and none is empty',
  ],
  fails: [
    'a section is missing or empty: the reason names it',
    'error: broken front matter, or a `rehearsed_at` that is not a real calendar date-time',
  ],
  schema: rollbackPlanFrontMatterSchema,
  parse(text) {
    const parsed = parseMarkdown(text);
    if (!parsed.ok || !parsed.doc.frontMatter) return parsed;
    const checked = checkWithSchema(
      parsed.doc.frontMatter,
      rollbackPlanFrontMatterSchema,
      'front matter ',
    );
    return checked.ok ? parsed : checked;
  },
  criteria: [
    {
      id: 'rollback-plan.sections',
      description:
        'The rollback plan names its owners, triggers and procedure, each section non-empty.',
      evaluate(doc) {
        const problems: { section: string; problem: string }[] = [];
        for (const section of ROLLBACK_PLAN_SECTIONS) {
          const heading = doc.headings.find(
            h => headingKey(h.text) === section.toLowerCase(),
          );
          if (!heading) problems.push({ section, problem: 'missing' });
          else if (sectionContent(doc, heading).length === 0)
            problems.push({ section, problem: 'empty' });
        }
        if (problems.length > 0) {
          const [first] = problems;
          return {
            status: 'failed',
            field: `## ${first.section}`,
            reason: `rollback plan section(s) ${problems.map(p => `"${p.section}" ${p.problem}`).join(', ')}`,
          };
        }
        return {
          status: 'passed',
          reason: 'owners, triggers and procedure are documented',
        };
      },
    },
  ],
});
