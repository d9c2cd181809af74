/** `rollback-plan.md`: who rolls back, when, and how. */
import { defineContract } from './define';
import { headingKey, ParsedMarkdown, parseMarkdown, sectionContent } from './markdown';

/** Sections every rollback plan must have, each with content. @public */
export const ROLLBACK_PLAN_SECTIONS = ['Owners', 'Triggers', 'Procedure'] as const;

/** The rollback plan contract. @internal */
export const rollbackPlanContract = defineContract<ParsedMarkdown>({
  id: 'rollback-plan',
  fileName: 'rollback-plan.md',
  title: 'Rollback plan',
  phase: 1,
  format: 'markdown',
  contents: 'The validated rollback plan: who owns the rollback, what triggers it, and the procedure to run.',
  formatDescription:
    'Markdown with the headings `## Owners`, `## Triggers` and `## Procedure` (any heading level, case-insensitive), each followed by content; sub-headings count as content, HTML comments do not. Optional YAML front matter such as `rehearsed_at: 2024-04-30T15:00:00Z`.',
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
  passes: ['`## Owners`, `## Triggers` and `## Procedure` are all present and none is empty'],
  fails: ['a section is missing or empty: the reason names it', 'error: broken front matter'],
  parse(text) {
    return parseMarkdown(text);
  },
  criteria: [
    {
      id: 'rollback-plan.sections',
      description: 'The rollback plan names its owners, triggers and procedure, each section non-empty.',
      evaluate(doc) {
        const problems: { section: string; problem: string }[] = [];
        for (const section of ROLLBACK_PLAN_SECTIONS) {
          const heading = doc.headings.find(h => headingKey(h.text) === section.toLowerCase());
          if (!heading) problems.push({ section, problem: 'missing' });
          else if (sectionContent(doc, heading).length === 0) problems.push({ section, problem: 'empty' });
        }
        if (problems.length > 0) {
          const [first] = problems;
          return {
            status: 'failed',
            field: `## ${first.section}`,
            reason: `rollback plan section(s) ${problems.map(p => `"${p.section}" ${p.problem}`).join(', ')}`,
          };
        }
        return { status: 'passed', reason: 'owners, triggers and procedure are documented' };
      },
    },
  ],
});
