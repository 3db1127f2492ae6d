import type { Locale, LocalizedText } from '@academy/contracts';

/** Files under ./demo-media, made by scripts/make-demo-media.sh and scripts/make-demo-pdfs.mjs. */
export type DemoLesson =
  | { kind: 'article'; title: LocalizedText; minutes: number; body: LocalizedText }
  | { kind: 'video'; title: LocalizedText; video: string; captions: Partial<Record<Locale, string>> }
  | { kind: 'document'; title: LocalizedText; minutes: number; files: Partial<Record<Locale, string>> };

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
