/**
 * BAA clause checklist, version 1. Versioned data: a review records the version it was made against,
 * so a later version (new clause, changed wording) never silently changes an old decision.
 *
 * Covers every provision of 45 CFR 164.504(e)(2)(i), (ii)(A)-(J) and (iii) (Privacy Rule) and
 * 164.314(a)(2)(i)(A)-(C) (Security Rule), plus the contracted breach-notice window (164.410) and the
 * optional 24-hour contingency-plan notice proposed by the Security Rule NPRM (90 FR 898, 2025).
 * Requirements are in our own words. Key phrases are lower case and only pre-mark a review.
 * Parsed at load: a malformed checklist fails at import, not in the middle of a review. The parse
 * is marked pure so that esbuild leaves the checklist out of bundles that never read it (the sweep).
 */
import { BaaChecklist } from '#shared/schemas/baa.ts';

export const BAA_CHECKLIST_V1: BaaChecklist = /* @__PURE__ */ BaaChecklist.parse({
  id: 'hipaa-baa',
  version: 1,
  clauses: [
    {
      id: 'permitted-uses',
      title: 'Permitted and required uses and disclosures',
      requirement:
        'States what the business associate may and must do with PHI, no broader than what the covered entity itself may do; use for its own management and administration and data aggregation may be allowed (164.504(e)(4)).',
      citation: '45 CFR 164.504(e)(2)(i)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        'permitted uses and disclosures',
        'permitted and required uses',
        'may use or disclose protected health information',
        'may use or disclose phi',
        'to perform functions, activities, or services',
      ],
    },
    {
      id: 'no-other-use',
      title: 'No other use or disclosure',
      requirement:
        'Forbids any use or further disclosure of PHI other than what the agreement permits or the law requires.',
      citation: '45 CFR 164.504(e)(2)(ii)(A)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        'not use or further disclose',
        'not use or disclose protected health information other than',
        'not use or disclose phi other than',
        'other than as permitted or required by',
      ],
    },
    {
      id: 'safeguards',
      title: 'Appropriate safeguards',
      requirement:
        'Requires appropriate safeguards against any use or disclosure the agreement does not provide for, including Security Rule safeguards for electronic PHI.',
      citation: '45 CFR 164.504(e)(2)(ii)(B)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        'appropriate safeguards',
        'administrative, physical, and technical safeguards',
        'administrative, physical and technical safeguards',
        'prevent use or disclosure',
      ],
    },
    {
      id: 'report-disclosures',
      title: 'Report improper uses, disclosures and breaches',
      requirement:
        'Requires the business associate to report to the covered entity any use or disclosure the agreement does not provide for, including breaches of unsecured PHI as 164.410 requires.',
      citation: '45 CFR 164.504(e)(2)(ii)(C)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        'any use or disclosure of protected health information not provided for',
        'any use or disclosure of phi not provided for',
        'not provided for by this agreement',
        'not provided for by the agreement',
        'breach of unsecured protected health information',
        'breaches of unsecured protected health information',
        'breach of unsecured phi',
        '164.410',
      ],
    },
    {
      id: 'subcontractors-agree',
      title: 'Subcontractors agree to the same restrictions',
      requirement:
        'Requires the business associate to ensure that every subcontractor that creates, receives, maintains or transmits PHI on its behalf agrees to the same restrictions, conditions and requirements (164.502(e)(1)(ii)); the flow-down.',
      citation: '45 CFR 164.504(e)(2)(ii)(D)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        'same restrictions, conditions, and requirements',
        'same restrictions, conditions and requirements',
        'same restrictions and conditions',
        'subcontractors that create, receive, maintain, or transmit',
        'subcontractors that create, receive, maintain or transmit',
        '164.502(e)(1)(ii)',
        'flow down',
        'flow-down',
      ],
    },
    {
      id: 'individual-access',
      title: "Individuals' access to PHI",
      requirement:
        "Requires the business associate to make PHI available so that the covered entity can meet individuals' right of access (164.524).",
      citation: '45 CFR 164.504(e)(2)(ii)(E)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        '164.524',
        'designated record set',
        'right of access',
        'access to protected health information',
      ],
    },
    {
      id: 'amendment',
      title: 'Amendment of PHI',
      requirement:
        'Requires the business associate to make PHI available for amendment and to incorporate amendments (164.526).',
      citation: '45 CFR 164.504(e)(2)(ii)(F)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        '164.526',
        'amendment to protected health information',
        'amendments to protected health information',
        'amendment of protected health information',
        'incorporate any amendments',
        'amend protected health information',
      ],
    },
    {
      id: 'accounting',
      title: 'Accounting of disclosures',
      requirement:
        'Requires the business associate to provide the information the covered entity needs to give an accounting of disclosures (164.528).',
      citation: '45 CFR 164.504(e)(2)(ii)(G)',
      required: true,
      kind: 'provision',
      keyPhrases: ['164.528', 'accounting of disclosures', 'account for disclosures'],
    },
    {
      id: 'privacy-rule-obligations',
      title: "Covered entity's Privacy Rule obligations",
      requirement:
        "Where the business associate carries out one of the covered entity's Privacy Rule obligations, requires it to comply with the Privacy Rule (Subpart E) as the covered entity would.",
      citation: '45 CFR 164.504(e)(2)(ii)(H)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        'subpart e of 45 cfr part 164',
        'obligations under subpart e',
        'obligation under subpart e',
        "carry out one or more of covered entity's obligations",
        'carries out an obligation of covered entity',
      ],
    },
    {
      id: 'hhs-books-records',
      title: 'Books and records open to HHS',
      requirement:
        "Requires the business associate to make its internal practices, books and records on PHI available to the HHS Secretary to determine the covered entity's compliance.",
      citation: '45 CFR 164.504(e)(2)(ii)(I)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        'internal practices, books, and records',
        'internal practices, books and records',
        'available to the secretary',
        'secretary for purposes of determining',
      ],
    },
    {
      id: 'return-or-destroy',
      title: 'Return or destruction at termination',
      requirement:
        'At termination, requires the business associate to return or destroy all PHI and keep no copies; where that is infeasible, to extend the protections to what it keeps and limit further use to the reasons return or destruction is infeasible.',
      citation: '45 CFR 164.504(e)(2)(ii)(J)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        'return or destroy',
        'return or destruction',
        'returned or destroyed',
        'extend the protections',
        'infeasible',
      ],
    },
    {
      id: 'termination-for-breach',
      title: 'Termination for material breach',
      requirement:
        'Lets the covered entity terminate the agreement if it determines that the business associate has violated a material term.',
      citation: '45 CFR 164.504(e)(2)(iii)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        'violated a material term',
        'material breach',
        'terminate this agreement',
        'termination for cause',
        'may immediately terminate',
      ],
    },
    {
      id: 'security-rule-compliance',
      title: 'Comply with the Security Rule',
      requirement:
        'Requires the business associate to comply with the applicable requirements of the Security Rule (45 CFR Part 164, Subpart C) for electronic PHI.',
      citation: '45 CFR 164.314(a)(2)(i)(A)',
      required: true,
      kind: 'provision',
      keyPhrases: ['subpart c of 45 cfr part 164', 'subpart c', 'security rule'],
    },
    {
      id: 'subcontractor-contracts',
      title: 'Subcontractor agreements for ePHI',
      requirement:
        'Requires the business associate to bind every subcontractor that handles electronic PHI by a contract that meets the Security Rule (164.308(b)(2)); 164.314(a)(2)(iii) applies the same terms between business associate and subcontractor.',
      citation: '45 CFR 164.314(a)(2)(i)(B)',
      required: true,
      kind: 'provision',
      keyPhrases: [
        '164.308(b)(2)',
        '164.314(a)(2)(iii)',
        'subcontractor business associate agreement',
        'written agreement with each subcontractor',
        'ensure that any subcontractors',
      ],
    },
    {
      id: 'security-incident-reporting',
      title: 'Report security incidents',
      requirement:
        'Requires the business associate to report any security incident it becomes aware of to the covered entity, including breaches of unsecured PHI (164.410).',
      citation: '45 CFR 164.314(a)(2)(i)(C)',
      required: true,
      kind: 'provision',
      keyPhrases: ['security incident', 'security incidents'],
    },
    {
      id: 'breach-notice-window',
      title: 'Breach-notice window',
      requirement:
        'States how many days after discovery the business associate reports a breach: never more than 60 calendar days (164.410(b)) and no more than policy allows without an exception; identifies affected individuals and gives what the covered entity needs for its own notices (164.404(c)).',
      citation: '45 CFR 164.410(b)',
      required: true,
      kind: 'notice_window',
      keyPhrases: [
        'without unreasonable delay',
        'after discovery',
        'of discovery',
        'following discovery',
        'calendar days',
        'business days',
      ],
    },
    {
      id: 'contingency-notice-24h',
      title: 'Notice within 24 hours of contingency-plan activation',
      requirement:
        'Requires the business associate to tell the covered entity within 24 hours of activating its contingency plan. Proposed by the Security Rule NPRM (90 FR 898, 6 Jan 2025), not yet law: recorded, never blocking.',
      citation: '45 CFR 164.314(a)(2)(i) (proposed, 90 FR 898)',
      required: false,
      kind: 'optional',
      keyPhrases: [
        'contingency plan',
        'within 24 hours',
        'within twenty-four (24) hours',
        'within twenty four (24) hours',
      ],
    },
  ],
});
