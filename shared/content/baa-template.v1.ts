/**
 * The organisation's default Business Associate Agreement, written in our own words to carry every
 * provision of 45 CFR 164.504(e)(2) and 164.314(a)(2)(i) plus our organisational terms (a 10-day
 * breach-notice window, subcontractor flow-down, return or destruction, 24-hour contingency notice).
 * A deployment may replace it with its counsel's document; the clause checklist stays the test.
 *
 * Kept as data (numbered sections with headings) so the plain text, the Word document and the PDF
 * (shared/documents/) all say the same thing.
 */
export const BAA_TEMPLATE_VERSION = 1;

export interface BaaTemplateSection {
  number: number;
  heading: string;
  text: string;
}

export interface BaaTemplate {
  title: string;
  version: number;
  organisation: string;
  vendorName: string;
  /** The vendor's details filled in where we know them. */
  vendor: { contactName?: string; contactEmail?: string; services?: string[] };
  preamble: string;
  sections: BaaTemplateSection[];
  signatories: { party: string; name: string }[];
}

const SECTIONS: [string, string][] = [
  [
    'Permitted uses and disclosures',
    'Business Associate may use or disclose protected health information ("PHI") only to perform the services described in the underlying services agreement, and only as the Covered Entity itself could under 45 CFR Part 164, Subpart E. Business Associate may use PHI for its proper management and administration and to carry out its legal responsibilities, and may provide data aggregation services relating to the Covered Entity\'s health care operations.',
  ],
  [
    'No other use or disclosure',
    'Business Associate shall not use or further disclose PHI other than as permitted or required by this Agreement or as required by law.',
  ],
  [
    'Safeguards',
    'Business Associate shall use appropriate safeguards, and comply with Subpart C of 45 CFR Part 164 with respect to electronic PHI, to prevent use or disclosure of PHI other than as provided for by this Agreement, including administrative, physical, and technical safeguards.',
  ],
  [
    'Reporting',
    'Business Associate shall report to Covered Entity any use or disclosure of protected health information not provided for by this Agreement of which it becomes aware, including breaches of unsecured PHI as required by 45 CFR 164.410, and any security incident of which it becomes aware.',
  ],
  [
    'Breach notice',
    'Business Associate shall notify Covered Entity of a breach of unsecured PHI without unreasonable delay and in no case later than ten (10) calendar days after discovery, identifying each individual affected where known and giving the information Covered Entity needs for its own notices under 45 CFR 164.404(c).',
  ],
  [
    'Subcontractors',
    'In accordance with 45 CFR 164.502(e)(1)(ii) and 164.308(b)(2), Business Associate shall ensure that any subcontractor that creates, receives, maintains, or transmits PHI on its behalf agrees in writing to the same restrictions, conditions, and requirements that apply to Business Associate, through a subcontractor business associate agreement that meets 45 CFR 164.314(a)(2)(iii). Business Associate shall give prior notice of any new subcontractor or hosting location that will handle PHI.',
  ],
  [
    'Access',
    "Business Associate shall make PHI in a designated record set available to Covered Entity as necessary to satisfy Covered Entity's obligations under 45 CFR 164.524.",
  ],
  [
    'Amendment',
    'Business Associate shall make any amendment to protected health information in a designated record set as directed by Covered Entity under 45 CFR 164.526.',
  ],
  [
    'Accounting',
    'Business Associate shall maintain and make available the information required to provide an accounting of disclosures under 45 CFR 164.528.',
  ],
  [
    "Covered Entity's obligations",
    'To the extent Business Associate carries out an obligation of Covered Entity under Subpart E of 45 CFR Part 164, Business Associate shall comply with the requirements of Subpart E that apply to Covered Entity in the performance of that obligation.',
  ],
  [
    'Books and records',
    'Business Associate shall make its internal practices, books, and records relating to PHI available to the Secretary of Health and Human Services for purposes of determining compliance with the HIPAA Rules.',
  ],
  [
    'Security Rule',
    'Business Associate shall comply with the applicable requirements of Subpart C of 45 CFR Part 164 (the Security Rule).',
  ],
  [
    'Contingency notice',
    'Business Associate shall notify Covered Entity within 24 hours of activating its contingency plan affecting PHI.',
  ],
  [
    'Term and termination',
    'This Agreement runs for the term of the services agreement. Covered Entity may terminate this Agreement if it determines that Business Associate has violated a material term.',
  ],
  [
    'Obligations on termination',
    'At termination, Business Associate shall return or destroy all PHI it still maintains in any form and retain no copies; where return or destruction is infeasible, it shall extend the protections of this Agreement to that PHI and limit further uses and disclosures to the purposes that make return or destruction infeasible.',
  ],
  ['Survival', 'Sections 2, 3, 4, 5 and 15 survive termination.'],
];

export function baaTemplate(
  organisation: string,
  vendorName: string,
  vendor: BaaTemplate['vendor'] = {},
): BaaTemplate {
  return {
    title: 'Business Associate Agreement',
    version: BAA_TEMPLATE_VERSION,
    organisation,
    vendorName,
    vendor,
    preamble: `This Business Associate Agreement ("Agreement") is made between ${organisation} ("Covered Entity") and ${vendorName} ("Business Associate")${vendor.services?.length ? `, which provides ${vendor.services.join(', ')} to Covered Entity` : ''}.`,
    sections: SECTIONS.map(([heading, text], i) => ({ number: i + 1, heading, text })),
    signatories: [
      { party: 'Covered Entity', name: organisation },
      { party: 'Business Associate', name: vendorName },
    ],
  };
}

/** The agreement as plain text (the original download; tests and clause detection read it). */
export function baaTemplateText(organisation: string, vendorName: string): string {
  const t = baaTemplate(organisation, vendorName);
  const wrap = (text: string, indent: string) => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && (line + word).length > 96) {
        lines.push(line.trimEnd());
        line = indent;
      }
      line += `${word} `;
    }
    lines.push(line.trimEnd());
    return lines.join('\n');
  };
  return `${t.title.toUpperCase()} (template version ${t.version})

Between ${organisation} ("Covered Entity") and ${vendorName} ("Business Associate").

${t.sections.map((s) => wrap(`${s.number}. ${s.heading}. ${s.text}`, s.number >= 10 ? '    ' : '   ')).join('\n\n')}

Signed for Covered Entity: ____________________   Date: __________
Signed for Business Associate: ________________   Date: __________
`;
}
