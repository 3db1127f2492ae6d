import type { LocalizedText } from './locales.js';

export const ORGANISATION_KINDS = ['region', 'administration', 'training_centre', 'unit'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Which kinds may sit directly under which. */
export const ALLOWED_PARENT_KINDS: Record<OrganisationKind, readonly OrganisationKind[]> = {
  region: [],
  administration: ['region'],
  training_centre: ['administration'],
  unit: ['administration', 'training_centre', 'unit'],
};

export interface OrganisationDto {
  id: string;
  parentId: string | null;
  kind: OrganisationKind;
  code: string;
  countryCode: string | null;
  name: LocalizedText;
  memberCount?: number;
}

export interface CreateOrganisationRequest {
  parentId: string;
  kind: OrganisationKind;
  code: string;
  name: { en: string; ru: string };
}

export interface UpdateOrganisationRequest {
  name?: { en?: string; ru?: string };
  parentId?: string;
}
