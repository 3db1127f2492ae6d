import type { Locale, LocalizedText, QuizDefinitionInput } from '@academy/contracts';

/** Files under ./demo-media, made by scripts/make-demo-media.sh and scripts/make-demo-pdfs.mjs. */
export type DemoLesson =
  | { kind: 'article'; title: LocalizedText; minutes: number; body: LocalizedText }
  | { kind: 'video'; title: LocalizedText; video: string; captions: Partial<Record<Locale, string>> }
  | { kind: 'document'; title: LocalizedText; minutes: number; files: Partial<Record<Locale, string>> }
  | { kind: 'quiz'; title: LocalizedText; minutes: number; quiz: QuizDefinitionInput };

/**
 * The demo quizzes: four questions of one point each mixing the three types, a pass mark of 75% (three
 * right answers of four), unlimited attempts and an explanation in both languages for every question.
 * Option order is fixed (no shuffling) so a demo or a browser test can answer predictably.
 */
const DEMO_QUIZ_SETTINGS: QuizDefinitionInput['settings'] = {
  passMarkPct: 75,
  attemptsAllowed: null,
  shuffleQuestions: false,
  shuffleOptions: false,
  drawCount: null,
  timeLimitS: null,
};

const CHECK_TITLE: LocalizedText = { en: 'Check your knowledge', ru: 'Проверьте свои знания' };

export interface DemoCourse {
  code: string;
  baseLocale: Locale;
  publish: boolean;
  title: LocalizedText;
  summary: LocalizedText;
  topics: string[];
  estimatedMinutes: number;
  modules: { title: LocalizedText; lessons: DemoLesson[] }[];
}

export const DEMO_COURSES: DemoCourse[] = [
  {
    code: 'HS-BASICS',
    baseLocale: 'en',
    publish: true,
    title: { en: 'Harmonized System basics', ru: 'Основы Гармонизированной системы' },
    summary: {
      en: 'How the HS nomenclature is built and how to classify goods with the General Interpretative Rules.',
      ru: 'Как устроена номенклатура ГС и как классифицировать товары по Основным правилам интерпретации.',
    },
    topics: ['classification', 'tariff'],
    estimatedMinutes: 45,
    modules: [
      {
        title: { en: 'The structure of the HS', ru: 'Структура ГС' },
        lessons: [
          {
            kind: 'video',
            title: { en: 'What the Harmonized System is', ru: 'Что такое Гармонизированная система' },
            video: 'hs-basics.mp4',
            captions: { en: 'hs-basics.en.vtt', ru: 'hs-basics.ru.vtt' },
          },
          {
            kind: 'article',
            title: { en: 'Sections, chapters, headings', ru: 'Разделы, группы, товарные позиции' },
            minutes: 10,
            body: {
              en: `## Six digits shared by the world

The Harmonized Commodity Description and Coding System (HS) is maintained by the World Customs Organization and used by more than 200 economies for customs tariffs and trade statistics.

- **21 sections** group goods broadly, from live animals (Section I) to works of art (Section XXI).
- **97 chapters** (two digits) divide the sections; chapter 77 is reserved.
- **Headings** (four digits) and **subheadings** (six digits) name the goods precisely.

Countries add their own digits after the sixth for national tariff and statistical purposes. The first six digits, however, are the same everywhere: this is what makes a declaration in Baku comparable with one in Tbilisi.

> Section and chapter notes are legally binding. Titles of sections and chapters are for ease of reference only.`,
              ru: `## Шесть знаков, общих для всего мира

Гармонизированная система описания и кодирования товаров (ГС) ведётся Всемирной таможенной организацией и применяется более чем 200 экономиками для таможенных тарифов и торговой статистики.

- **21 раздел** объединяет товары укрупнённо — от живых животных (раздел I) до произведений искусства (раздел XXI).
- **97 групп** (два знака) делят разделы; группа 77 зарезервирована.
- **Товарные позиции** (четыре знака) и **субпозиции** (шесть знаков) называют товары точно.

После шестого знака страны добавляют свои разряды для национального тарифа и статистики. Первые шесть знаков одинаковы везде: поэтому декларацию в Баку можно сравнить с декларацией в Тбилиси.

> Примечания к разделам и группам имеют юридическую силу. Названия разделов и групп даны только для удобства.`,
            },
          },
          {
            kind: 'document',
            title: { en: 'The HS at a glance (PDF)', ru: 'ГС в кратком изложении (PDF)' },
            minutes: 5,
            files: { en: 'hs-basics.en.pdf', ru: 'hs-basics.ru.pdf' },
          },
        ],
      },
      {
        title: { en: 'Classifying goods', ru: 'Классификация товаров' },
        lessons: [
          {
            kind: 'article',
            title: { en: 'The General Interpretative Rules', ru: 'Основные правила интерпретации' },
            minutes: 15,
            body: {
              en: `## Apply the rules in order

1. **GIR 1** — classification is determined by the terms of the headings and the section and chapter notes.
2. **GIR 2** — (a) incomplete or unassembled goods that have the essential character of the finished article; (b) mixtures and combinations of materials.
3. **GIR 3** — when goods fall under two or more headings: (a) the most specific description, (b) essential character, (c) the heading that occurs last in numerical order.
4. **GIR 4** — goods that cannot be classified otherwise go to the heading of the most akin goods.
5. **GIR 5** — cases and packing materials.
6. **GIR 6** — classification at subheading level follows the same principles.

Only move to the next rule when the previous one does not settle the question.`,
              ru: `## Применяйте правила по порядку

1. **ОПИ 1** — классификация определяется текстами товарных позиций и примечаниями к разделам и группам.
2. **ОПИ 2** — (а) некомплектные или несобранные товары, обладающие основным свойством готового изделия; (б) смеси и сочетания материалов.
3. **ОПИ 3** — если товар подпадает под две или более позиции: (а) наиболее конкретное описание, (б) основное свойство, (в) позиция, последняя в порядке возрастания кодов.
4. **ОПИ 4** — товары, которые нельзя классифицировать иначе, относят к позиции наиболее сходных товаров.
5. **ОПИ 5** — футляры и упаковка.
6. **ОПИ 6** — классификация на уровне субпозиций следует тем же принципам.

Переходите к следующему правилу только тогда, когда предыдущее не решает вопрос.`,
            },
          },
          {
            kind: 'quiz',
            title: CHECK_TITLE,
            minutes: 5,
            quiz: {
              settings: DEMO_QUIZ_SETTINGS,
              questions: [
                {
                  type: 'single',
                  text: {
                    en: 'How many digits of an HS code are the same in every country?',
                    ru: 'Сколько знаков кода ГС одинаковы во всех странах?',
                  },
                  points: 1,
                  explanation: {
                    en: 'The first six digits are international; countries add their own digits after them.',
                    ru: 'Первые шесть знаков международные; страны добавляют свои разряды после них.',
                  },
                  options: [
                    { text: { en: 'Four', ru: 'Четыре' }, correct: false },
                    { text: { en: 'Six', ru: 'Шесть' }, correct: true },
                    { text: { en: 'Ten', ru: 'Десять' }, correct: false },
                  ],
                },
                {
                  type: 'multiple',
                  text: {
                    en: 'Which of these are levels of the HS nomenclature?',
                    ru: 'Какие из этих уровней есть в номенклатуре ГС?',
                  },
                  points: 1,
                  explanation: {
                    en: 'Sections, chapters, headings and subheadings. Tariff lines after the sixth digit are national.',
                    ru: 'Разделы, группы, товарные позиции и субпозиции. Разряды после шестого знака — национальные.',
                  },
                  options: [
                    { text: { en: 'Chapters', ru: 'Группы' }, correct: true },
                    { text: { en: 'Headings', ru: 'Товарные позиции' }, correct: true },
                    { text: { en: 'Invoices', ru: 'Счета-фактуры' }, correct: false },
                  ],
                },
                {
                  type: 'true_false',
                  text: {
                    en: 'Titles of sections and chapters are legally binding for classification.',
                    ru: 'Названия разделов и групп имеют юридическую силу при классификации.',
                  },
                  points: 1,
                  explanation: {
                    en: 'False: the titles are for ease of reference only; the notes are binding.',
                    ru: 'Неверно: названия даны только для удобства; юридическую силу имеют примечания.',
                  },
                  answer: false,
                },
                {
                  type: 'single',
                  text: {
                    en: 'Which General Interpretative Rule do you apply first?',
                    ru: 'Какое Основное правило интерпретации применяется первым?',
                  },
                  points: 1,
                  explanation: {
                    en: 'GIR 1: the terms of the headings and the section and chapter notes decide first.',
                    ru: 'ОПИ 1: сначала решают тексты товарных позиций и примечания к разделам и группам.',
                  },
                  options: [
                    { text: { en: 'GIR 1', ru: 'ОПИ 1' }, correct: true },
                    { text: { en: 'GIR 3', ru: 'ОПИ 3' }, correct: false },
                    { text: { en: 'GIR 6', ru: 'ОПИ 6' }, correct: false },
                  ],
                },
              ],
            },
          },
        ],
      },
    ],
  },
  {
    code: 'RKC',
    baseLocale: 'en',
    publish: true,
    title: { en: 'The Revised Kyoto Convention', ru: 'Пересмотренная Киотская конвенция' },
    summary: {
      en: 'The international blueprint for simple, predictable and efficient customs procedures.',
      ru: 'Международный стандарт простых, предсказуемых и эффективных таможенных процедур.',
    },
    topics: ['procedures', 'facilitation'],
    estimatedMinutes: 40,
    modules: [
      {
        title: { en: 'Principles', ru: 'Принципы' },
        lessons: [
          {
            kind: 'video',
            title: { en: 'The Convention in two minutes', ru: 'Конвенция за две минуты' },
            video: 'kyoto.mp4',
            captions: { en: 'kyoto.en.vtt', ru: 'kyoto.ru.vtt' },
          },
          {
            kind: 'article',
            title: { en: 'Structure of the Convention', ru: 'Структура конвенции' },
            minutes: 10,
            body: {
              en: `## Body, General Annex, Specific Annexes

The International Convention on the Simplification and Harmonization of Customs Procedures was adopted in Kyoto in 1973 and revised in 1999; the revision entered into force in 2006.

- The **Body** sets out the administrative provisions.
- The **General Annex** contains core principles for all customs procedures. Contracting parties must accept it in full, without reservations.
- Ten **Specific Annexes** cover individual procedures such as transit, warehouses and free zones; parties may accept them in part.

Standards must be implemented within three years, transitional standards within five.`,
              ru: `## Основной текст, Генеральное приложение, Специальные приложения

Международная конвенция об упрощении и гармонизации таможенных процедур принята в Киото в 1973 году и пересмотрена в 1999 году; пересмотренный текст вступил в силу в 2006 году.

- **Основной текст** содержит административные положения.
- **Генеральное приложение** закрепляет основные принципы для всех таможенных процедур. Договаривающиеся стороны принимают его полностью, без оговорок.
- Десять **Специальных приложений** посвящены отдельным процедурам — транзиту, таможенным складам, свободным зонам; их можно принимать частично.

Стандарты внедряются в течение трёх лет, переходные стандарты — в течение пяти.`,
            },
          },
        ],
      },
      {
        title: { en: 'Putting it into practice', ru: 'Применение на практике' },
        lessons: [
          {
            kind: 'document',
            title: { en: 'Self-assessment checklist (PDF)', ru: 'Контрольный список для самооценки (PDF)' },
            minutes: 10,
            files: { en: 'kyoto.en.pdf', ru: 'kyoto.ru.pdf' },
          },
          {
            kind: 'article',
            title: { en: 'Risk management and audit', ru: 'Управление рисками и аудит' },
            minutes: 10,
            body: {
              en: `## Control where it matters

Chapter 6 of the General Annex requires customs control to be based on **risk management**. Instead of examining every consignment, customs selects what to check using risk indicators and information received before arrival.

**Audit-based control** (post-clearance audit) lets goods move quickly while compliance is verified afterwards in the trader's records.`,
              ru: `## Контроль там, где он нужен

Глава 6 Генерального приложения требует основывать таможенный контроль на **управлении рисками**. Вместо досмотра каждой партии таможня выбирает объекты контроля по индикаторам риска и по информации, полученной до прибытия товаров.

**Контроль на основе аудита** (проверка после выпуска) позволяет быстро выпускать товары, а соблюдение требований проверять позже по учёту участника ВЭД.`,
            },
          },
          {
            kind: 'quiz',
            title: CHECK_TITLE,
            minutes: 5,
            quiz: {
              settings: DEMO_QUIZ_SETTINGS,
              questions: [
                {
                  type: 'single',
                  text: {
                    en: 'When did the revised Kyoto Convention enter into force?',
                    ru: 'Когда вступила в силу пересмотренная Киотская конвенция?',
                  },
                  points: 1,
                  explanation: {
                    en: 'Adopted in 1973, revised in 1999, in force since 2006.',
                    ru: 'Принята в 1973 году, пересмотрена в 1999 году, действует с 2006 года.',
                  },
                  options: [
                    { text: { en: '1973', ru: '1973' }, correct: false },
                    { text: { en: '1999', ru: '1999' }, correct: false },
                    { text: { en: '2006', ru: '2006' }, correct: true },
                  ],
                },
                {
                  type: 'multiple',
                  text: {
                    en: 'Which parts make up the Convention?',
                    ru: 'Из каких частей состоит конвенция?',
                  },
                  points: 1,
                  explanation: {
                    en: 'The Body, the General Annex and ten Specific Annexes.',
                    ru: 'Основной текст, Генеральное приложение и десять Специальных приложений.',
                  },
                  options: [
                    { text: { en: 'The General Annex', ru: 'Генеральное приложение' }, correct: true },
                    { text: { en: 'Specific Annexes', ru: 'Специальные приложения' }, correct: true },
                    { text: { en: 'A tariff schedule', ru: 'Таможенный тариф' }, correct: false },
                  ],
                },
                {
                  type: 'true_false',
                  text: {
                    en: 'Contracting parties may accept the General Annex with reservations.',
                    ru: 'Договаривающиеся стороны могут принять Генеральное приложение с оговорками.',
                  },
                  points: 1,
                  explanation: {
                    en: 'False: the General Annex must be accepted in full, without reservations.',
                    ru: 'Неверно: Генеральное приложение принимается полностью, без оговорок.',
                  },
                  answer: false,
                },
                {
                  type: 'single',
                  text: {
                    en: 'What must customs control be based on under Chapter 6 of the General Annex?',
                    ru: 'На чём должен основываться таможенный контроль по главе 6 Генерального приложения?',
                  },
                  points: 1,
                  explanation: {
                    en: 'Risk management: customs selects what to check instead of examining everything.',
                    ru: 'На управлении рисками: таможня выбирает объекты контроля вместо досмотра всего подряд.',
                  },
                  options: [
                    { text: { en: 'Risk management', ru: 'Управление рисками' }, correct: true },
                    {
                      text: { en: 'Examining every consignment', ru: 'Досмотр каждой партии' },
                      correct: false,
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    ],
  },
  {
    code: 'ECOM',
    baseLocale: 'en',
    publish: true,
    title: { en: 'E-commerce and customs', ru: 'Электронная торговля и таможня' },
    summary: {
      en: 'Handling the growing flow of small parcels: the WCO E-Commerce Framework of Standards.',
      ru: 'Работа с растущим потоком мелких отправлений: Рамочные стандарты ВТамО по электронной торговле.',
    },
    topics: ['e-commerce', 'risk-management'],
    estimatedMinutes: 35,
    modules: [
      {
        title: { en: 'The challenge', ru: 'Вызов' },
        lessons: [
          {
            kind: 'video',
            title: { en: 'Small parcels, big numbers', ru: 'Мелкие посылки, большие объёмы' },
            video: 'ecommerce.mp4',
            captions: { en: 'ecommerce.en.vtt', ru: 'ecommerce.ru.vtt' },
          },
          {
            kind: 'article',
            title: { en: 'Why e-commerce is different', ru: 'Чем отличается электронная торговля' },
            minutes: 8,
            body: {
              en: `## Many senders, low values, high volumes

Business-to-consumer shipments are small, frequent and often sent by people who have never dealt with customs. Traditional controls designed for containers do not scale to millions of parcels.

The **WCO Framework of Standards on Cross-Border E-Commerce** (2018) rests on advance electronic data, risk management, simplified clearance and fair revenue collection.`,
              ru: `## Много отправителей, низкая стоимость, большие объёмы

Отправления «бизнес — потребитель» мелкие, частые и нередко отправляются людьми, которые никогда не имели дела с таможней. Традиционный контроль, рассчитанный на контейнеры, не справляется с миллионами посылок.

**Рамочные стандарты ВТамО по трансграничной электронной торговле** (2018) опираются на предварительные электронные данные, управление рисками, упрощённое оформление и справедливое взимание платежей.`,
            },
          },
        ],
      },
      {
        title: { en: 'Tools', ru: 'Инструменты' },
        lessons: [
          {
            kind: 'document',
            title: {
              en: 'Framework of Standards summary (PDF)',
              ru: 'Краткое изложение рамочных стандартов (PDF)',
            },
            minutes: 10,
            files: { en: 'ecommerce.en.pdf', ru: 'ecommerce.ru.pdf' },
          },
          {
            kind: 'quiz',
            title: CHECK_TITLE,
            minutes: 5,
            quiz: {
              settings: DEMO_QUIZ_SETTINGS,
              questions: [
                {
                  type: 'single',
                  text: {
                    en: 'When was the WCO E-Commerce Framework of Standards adopted?',
                    ru: 'Когда приняты Рамочные стандарты ВТамО по электронной торговле?',
                  },
                  points: 1,
                  explanation: {
                    en: 'The Framework of Standards on Cross-Border E-Commerce dates from 2018.',
                    ru: 'Рамочные стандарты по трансграничной электронной торговле приняты в 2018 году.',
                  },
                  options: [
                    { text: { en: '2008', ru: '2008' }, correct: false },
                    { text: { en: '2018', ru: '2018' }, correct: true },
                    { text: { en: '2023', ru: '2023' }, correct: false },
                  ],
                },
                {
                  type: 'multiple',
                  text: {
                    en: 'Which are foundations of the Framework of Standards?',
                    ru: 'Что лежит в основе рамочных стандартов?',
                  },
                  points: 1,
                  explanation: {
                    en: 'Advance electronic data and risk management, with simplified clearance and fair revenue collection.',
                    ru: 'Предварительные электронные данные и управление рисками, а также упрощённое оформление и справедливое взимание платежей.',
                  },
                  options: [
                    {
                      text: { en: 'Advance electronic data', ru: 'Предварительные электронные данные' },
                      correct: true,
                    },
                    { text: { en: 'Risk management', ru: 'Управление рисками' }, correct: true },
                    { text: { en: 'Examining every parcel', ru: 'Досмотр каждой посылки' }, correct: false },
                  ],
                },
                {
                  type: 'true_false',
                  text: {
                    en: 'Controls designed for containers scale well to millions of small parcels.',
                    ru: 'Контроль, рассчитанный на контейнеры, хорошо подходит для миллионов мелких посылок.',
                  },
                  points: 1,
                  explanation: {
                    en: 'False: traditional controls do not scale to the volumes of e-commerce.',
                    ru: 'Неверно: традиционный контроль не справляется с объёмами электронной торговли.',
                  },
                  answer: false,
                },
                {
                  type: 'single',
                  text: {
                    en: 'Which shipments are typical of cross-border e-commerce?',
                    ru: 'Какие отправления типичны для трансграничной электронной торговли?',
                  },
                  points: 1,
                  explanation: {
                    en: 'Small, frequent, low-value business-to-consumer parcels.',
                    ru: 'Мелкие, частые посылки низкой стоимости по схеме «бизнес — потребитель».',
                  },
                  options: [
                    { text: { en: 'Small, frequent parcels', ru: 'Мелкие частые посылки' }, correct: true },
                    { text: { en: 'Full container loads', ru: 'Полные контейнеры' }, correct: false },
                  ],
                },
              ],
            },
          },
        ],
      },
    ],
  },
  {
    code: 'VALUATION-DRAFT',
    baseLocale: 'en',
    publish: false,
    title: { en: 'Customs valuation (in preparation)' },
    summary: { en: 'The WTO Valuation Agreement and the transaction value method.' },
    topics: ['valuation'],
    estimatedMinutes: 60,
    modules: [
      {
        title: { en: 'Transaction value' },
        lessons: [
          {
            kind: 'article',
            title: { en: 'Article 1 of the Agreement', ru: 'Статья 1 Соглашения' },
            minutes: 10,
            body: {
              en: `## The price actually paid or payable

The primary basis for customs value is the **transaction value**: the price actually paid or payable for the goods when sold for export to the country of importation, adjusted under Article 8.`,
            },
          },
        ],
      },
    ],
  },
];
