import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * Every text the release-readiness plugin shows. Override or translate it
 * through the app's translation API.
 *
 * @public
 */
export const releaseReadinessTranslationRef = createTranslationRef({
  id: 'plugin.release-readiness',
  messages: {
    status: {
      passed: 'Passed',
      failed: 'Failed',
      pending: 'Pending',
      blocked: 'Blocked',
      error: 'Error',
      'not-evaluated': 'Not evaluated',
      'no-protocol': 'No protocol',
    },
    gates: {
      'release-authorization': 'Release Authorization',
      'production-deployment': 'Production Deployment',
      'stabilization-handoff': 'Stabilization & Handoff',
    },
    card: {
      title: 'Release readiness',
      subtitle: 'Protocol 11 – Production Deployment & Release Management',
      overall: 'Overall',
      gatesLabel: 'Quality gates, in order',
      waitsFor: 'Waits for {{gate}} to pass.',
      moreNotPassed: '+{{number}} more not passed',
      refresh: 'Refresh',
      refreshing: 'Refreshing…',
      protocolDocument: 'Protocol document',
      viewDetails: 'All criteria and history',
      handoffReady: 'All gates passed: ready for Protocol 12.',
      handoffLink: 'Hand off to Protocol 12 (Monitoring & Observability)',
      notEvaluated: 'Not evaluated yet. Refresh to evaluate the evidence now.',
    },
    evaluatedAt: {
      label: 'Last evaluated',
      never: 'Never evaluated',
    },
    stale: {
      title: 'Stale result',
      description:
        'The repository could not be read since {{since}}: {{reason}}. The result shown is the last good one.',
    },
    noProtocol: {
      title: 'No Protocol 11 for this entity',
      description:
        'This entity has no Protocol 11 release management document yet. Create one with the template; the entity is pre-selected.',
      action: 'Create the Protocol 11 document',
    },
    content: {
      title: 'Release readiness',
      criteriaTitle: 'Criteria of {{gate}}',
      passedCount: '{{passed}} of {{total}} passed',
      failureHandling: 'On failure: {{text}}',
      wholeFile: 'whole file',
      historyTitle: 'Gate history',
      historyEmpty: 'No gate changes recorded yet.',
      historyNone: 'Not evaluated yet.',
      historyGateLabel: 'Statuses of {{gate}}, oldest first',
      historySince: 'since',
      historyFrom: 'from',
    },
    files: {
      title: 'Protocol document and evidence',
      document: 'Protocol document',
      form: 'Protocol form (the wizard’s answers)',
      openInRepository: 'Open in the repository',
      missing: 'Not in the repository yet.',
      notValidJson: 'Not valid JSON; shown as it is.',
    },
    handoff: {
      title: 'Handoff to Protocol 12 (Monitoring & Observability)',
      artifacts: 'Artifacts handed to Protocol 12',
    },
    page: {
      title: 'Release compliance',
      subtitle:
        'Where each entity stands on the release gates, and how many have adopted Protocol 11.',
      filters: {
        system: 'System',
        gate: 'Gate',
        overallGate: 'Overall (all gates)',
        status: 'Status',
        anyStatus: 'Any status',
      },
      columns: {
        entity: 'Entity',
        owner: 'Owner',
        system: 'System',
        overall: 'Overall',
      },
      summaryTitle: 'Adoption and gates',
      adoption_one:
        '{{withProtocol}} of {{count}} entity ({{percent}}%) has Protocol 11',
      adoption_other:
        '{{withProtocol}} of {{count}} entities ({{percent}}%) have Protocol 11',
      summaryScope:
        'Counted over every entity the filters select, whatever its status: the Status filter narrows the list above, not these figures.',
      summaryTableCaption: 'Entities per gate and status',
      summaryOverall: 'Overall',
      summaryBaseAll_one: '{{count}} entity',
      summaryBaseAll_other: '{{count}} entities',
      summaryBaseEvaluated_one: '{{count}} evaluated entity',
      summaryBaseEvaluated_other: '{{count}} evaluated entities',
      summaryNone: 'No entity evaluated',
      statusLink: '{{entity}}: {{status}} — open its release readiness',
      noProtocolLink:
        '{{entity}}: {{status}} — set up Protocol 11 with the template',
      exportCsv: 'Export CSV',
      exporting: 'Exporting…',
      exportFailed: 'Export failed: {{message}}',
      empty: 'No entity matches these filters.',
      matches_one: '{{count}} matching entity',
      matches_other: '{{count}} matching entities',
      stale: 'stale',
    },
    nav: {
      title: 'Releases',
    },
  },
});
