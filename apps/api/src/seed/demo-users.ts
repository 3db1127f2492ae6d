import type { Locale, Role } from '@academy/contracts';

export const DEMO_PASSWORD = 'academy-demo';

export interface DemoUser {
  email: string;
  name: string;
  locale: Locale;
  organisation: string;
  roles: { role: Role; scope?: string }[];
}

const officer = (email: string, name: string, locale: Locale, organisation: string): DemoUser => ({
  email: `${email}@demo.academy`,
  name,
  locale,
  organisation,
  roles: [{ role: 'learner' }],
});

/** The accounts listed in README.md ("Demo accounts"); all share the password above. */
export const DEMO_USERS: DemoUser[] = [
  {
    email: 'admin@demo.academy',
    name: 'Leyla Mammadova',
    locale: 'en',
    organisation: 'ROCB-EU',
    roles: [{ role: 'admin' }],
  },
  {
    email: 'author@demo.academy',
    name: 'Elnur Huseynov',
    locale: 'en',
    organisation: 'ROCB-EU',
    roles: [{ role: 'author' }],
  },
  {
    email: 'coordinator.az@demo.academy',
    name: 'Farid Aliyev',
    locale: 'ru',
    organisation: 'AZ-TC',
    roles: [{ role: 'coordinator', scope: 'AZ' }],
  },
  {
    email: 'coordinator.ge@demo.academy',
    name: 'Nino Beridze',
    locale: 'en',
    organisation: 'GE-TC',
    roles: [{ role: 'coordinator', scope: 'GE' }],
  },
  officer('learner.az', 'Rashad Mammadov', 'ru', 'AZ-BAKU-PORT'),
  officer('learner.ge', 'Giorgi Kapanadze', 'en', 'GE-TBILISI'),
  officer('officer01.az', 'Aysel Guliyeva', 'ru', 'AZ-BAKU-PORT'),
  officer('officer02.az', 'Tural Hasanov', 'en', 'AZ-BAKU-PORT'),
  officer('officer03.az', 'Gunel Ismayilova', 'ru', 'AZ-BAKU-PORT'),
  officer('officer04.az', 'Kamran Abbasov', 'ru', 'AZ-GYD'),
  officer('officer05.az', 'Sevinj Rahimova', 'en', 'AZ-GYD'),
  officer('officer06.az', 'Orkhan Jafarov', 'ru', 'AZ-GYD'),
  officer('officer07.az', 'Nigar Karimova', 'ru', 'AZ-ASTARA'),
  officer('officer08.az', 'Elvin Mustafayev', 'en', 'AZ-ASTARA'),
  officer('officer09.az', 'Lala Nasirova', 'ru', 'AZ-TC'),
  officer('officer10.az', 'Vugar Safarov', 'ru', 'AZ-ASTARA'),
  officer('officer01.ge', 'Mariam Gelashvili', 'en', 'GE-TBILISI'),
  officer('officer02.ge', 'Levan Tsiklauri', 'ru', 'GE-TBILISI'),
  officer('officer03.ge', 'Tamar Lomidze', 'en', 'GE-TBILISI'),
  officer('officer04.ge', 'Davit Javakhishvili', 'en', 'GE-BATUMI'),
  officer('officer05.ge', 'Ana Chkheidze', 'ru', 'GE-BATUMI'),
  officer('officer06.ge', 'Irakli Maisuradze', 'en', 'GE-BATUMI'),
  officer('officer07.ge', 'Salome Khutsishvili', 'en', 'GE-SARPI'),
  officer('officer08.ge', 'Nikoloz Abashidze', 'ru', 'GE-SARPI'),
  officer('officer09.ge', 'Ketevan Dolidze', 'en', 'GE-TC'),
  officer('officer10.ge', 'Zurab Gogua', 'ru', 'GE-SARPI'),
];
