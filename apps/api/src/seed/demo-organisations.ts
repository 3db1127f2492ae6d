import type { OrganisationKind } from '@academy/contracts';

export interface DemoOrganisation {
  code: string;
  parent: string | null;
  kind: OrganisationKind;
  en: string;
  ru: string;
}

export const REGION_CODE = 'ROCB-EU';

export const DEMO_REGION: DemoOrganisation = {
  code: REGION_CODE,
  parent: null,
  kind: 'region',
  en: 'WCO Regional Office for Capacity Building, Europe',
  ru: 'Региональное бюро ВТамО по наращиванию потенциала, Европа',
};

/** Training centres and units under two administrations; the administrations come from the CSV. */
export const DEMO_UNITS: DemoOrganisation[] = [
  {
    code: 'AZ-TC',
    parent: 'AZ',
    kind: 'training_centre',
    en: 'Training Centre of the State Customs Committee',
    ru: 'Учебный центр Государственного таможенного комитета',
  },
  {
    code: 'AZ-BAKU-PORT',
    parent: 'AZ',
    kind: 'unit',
    en: 'Baku International Sea Trade Port Customs',
    ru: 'Таможня Бакинского международного морского торгового порта',
  },
  {
    code: 'AZ-GYD',
    parent: 'AZ',
    kind: 'unit',
    en: 'Heydar Aliyev International Airport Customs',
    ru: 'Таможня Международного аэропорта имени Гейдара Алиева',
  },
  {
    code: 'AZ-ASTARA',
    parent: 'AZ',
    kind: 'unit',
    en: 'Astara Border Customs Post',
    ru: 'Пограничный таможенный пост Астара',
  },
  {
    code: 'GE-TC',
    parent: 'GE',
    kind: 'training_centre',
    en: 'Customs Training Centre of the Revenue Service',
    ru: 'Таможенный учебный центр Службы доходов',
  },
  {
    code: 'GE-TBILISI',
    parent: 'GE',
    kind: 'unit',
    en: 'Tbilisi Customs Clearance Zone',
    ru: 'Тбилисская зона таможенного оформления',
  },
  {
    code: 'GE-BATUMI',
    parent: 'GE',
    kind: 'unit',
    en: 'Batumi Sea Port Customs',
    ru: 'Таможня Батумского морского порта',
  },
  {
    code: 'GE-SARPI',
    parent: 'GE',
    kind: 'unit',
    en: 'Sarpi Border Crossing Point',
    ru: 'Пункт пропуска Сарпи',
  },
];
