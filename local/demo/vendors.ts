/** The demo's vendors: four intakes that show the product's main paths. */
import { api } from './client.ts';

export interface DemoVendor {
  key: 'saas' | 'ehr' | 'device' | 'silent';
  body: {
    name: string;
    contactName: string;
    contactEmail: string;
    services: string[];
    businessOwnerEmail: string;
    intake: Record<string, unknown>;
  };
  id?: string;
  tier?: string;
  baaRequired?: boolean;
  assessmentId?: string;
  token?: string;
  decision?: string;
}

export const VENDORS: DemoVendor[] = [
  {
    key: 'saas',
    body: {
      name: 'Brightside Scheduling',
      contactName: 'Robin Hale',
      contactEmail: 'security@brightside.example',
      services: ['Staff shift scheduling (no patient data)'],
      businessOwnerEmail: 'nursing-ops@example.org',
      intake: {
        handlesPhi: false,
        medicalDevice: false,
        systemAccess: 'none',
        recordVolume: 'none',
        dataLocation: { vendorCountries: ['US'], subcontractorCountries: ['IE'], offshoreSupport: 'yes' },
        cyberInsurance: { carries: 'yes', carrier: 'Coalition', limitUsd: 2_000_000 },
      },
    },
  },
  {
    key: 'ehr',
    body: {
      name: 'Northwind Cloud EHR',
      contactName: 'Sam Okafor',
      contactEmail: 'trust@northwind-ehr.example',
      services: ['Hosted electronic health record', 'Nightly backups'],
      businessOwnerEmail: 'cmio@example.org',
      intake: {
        handlesPhi: true,
        medicalDevice: false,
        systemAccess: 'privileged',
        recordVolume: 'over_100k',
        criticalClinicalFunction: true,
        dataLocation: { vendorCountries: ['US'], subcontractorCountries: ['US'], offshoreSupport: 'no' },
        cyberInsurance: { carries: 'yes', carrier: 'Beazley', limitUsd: 10_000_000 },
      },
    },
  },
  {
    key: 'device',
    body: {
      name: 'Pulse Infusion Systems',
      contactName: 'Ari Lindqvist',
      contactEmail: 'psirt@pulse-infusion.example',
      services: ['Networked infusion pumps', 'Pump fleet management server'],
      businessOwnerEmail: 'biomed@example.org',
      intake: {
        handlesPhi: true,
        medicalDevice: true,
        systemAccess: 'user',
        recordVolume: '10k_to_100k',
        // Pump telemetry is hosted in the US; the firmware team in Sweden can reach it for support.
        dataLocation: { vendorCountries: ['US'], subcontractorCountries: [], offshoreSupport: 'yes' },
        cyberInsurance: { carries: 'yes', carrier: 'Chubb', limitUsd: 5_000_000 },
      },
    },
  },
  {
    key: 'silent',
    body: {
      name: 'Quietline Transcription',
      contactName: 'Lee Marsh',
      contactEmail: 'ops@quietline.example',
      services: ['Clinical dictation transcription'],
      businessOwnerEmail: 'him-director@example.org',
      intake: {
        handlesPhi: true,
        medicalDevice: false,
        systemAccess: 'user',
        recordVolume: '500_to_10k',
        // Dictation is transcribed in India, with overflow to a subcontractor in the Philippines.
        dataLocation: {
          vendorCountries: ['US', 'IN'],
          subcontractorCountries: ['PH'],
          offshoreSupport: 'yes',
        },
        cyberInsurance: { carries: 'unknown' },
      },
    },
  },
];

export const vendorOf = (key: DemoVendor['key']) => VENDORS.find((v) => v.key === key)!;

/**
 * On an app that already ran the tour, escalations of the earlier vendors would carry the same
 * names: number this run's vendors ("Quietline Transcription #2") so each line shows only its own.
 */
export async function distinguishFromEarlierRuns(token: string) {
  const names = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await api(
      'GET',
      `/vendors?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      {
        token,
      },
    );
    for (const v of page.items as { name: string }[]) names.add(v.name);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (!VENDORS.some((v) => names.has(v.body.name))) return;
  let n = 2;
  while (VENDORS.some((v) => names.has(`${v.body.name} #${n}`))) n++;
  for (const v of VENDORS) v.body.name = `${v.body.name} #${n}`;
}
