import type { MeResponse, Role } from '@academy/contracts';

export interface NavItem {
  name: string;
  to: string;
  /** i18n key of the label */
  label: string;
  roles?: readonly Role[];
}

/** Navigation by role; only pages that exist. */
export function navItems(me: MeResponse): NavItem[] {
  const items: NavItem[] = [
    { name: 'home', to: '/', label: me.roles.includes('learner') ? 'nav.myLearning' : 'nav.home' },
    { name: 'courses', to: '/courses', label: 'nav.courses' },
    { name: 'studio', to: '/studio', label: 'nav.studio', roles: ['author', 'admin'] },
    { name: 'officers', to: '/officers', label: 'nav.officers', roles: ['coordinator'] },
    { name: 'assignments', to: '/assignments', label: 'nav.assignments', roles: ['coordinator'] },
    { name: 'reports', to: '/reports', label: 'nav.reports', roles: ['coordinator', 'author', 'admin'] },
    { name: 'organisations', to: '/admin/organisations', label: 'nav.organisations', roles: ['admin'] },
    { name: 'users', to: '/admin/users', label: 'nav.users', roles: ['admin'] },
  ];
  return items.filter((item) => !item.roles || item.roles.some((role) => me.roles.includes(role)));
}
