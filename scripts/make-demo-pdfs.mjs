// Makes the demo PDFs under apps/api/src/seed/demo-media (one-off; the output is committed).
// Usage: npm i --no-save --prefix /tmp/pdfgen pdfkit && NODE_PATH=/tmp/pdfgen/node_modules node scripts/make-demo-pdfs.mjs
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PDFDocument = require('pdfkit');
const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const bold = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

const docs = {
  'hs-basics.en.pdf': [
    'The Harmonized System at a glance',
    [
      '21 sections, 97 chapters, about 1,200 headings and 5,600 subheadings.',
      'The first six digits are international; countries add digits for national purposes.',
      'Section and chapter notes are legally binding; titles are for reference only.',
      'Classify with the six General Interpretative Rules, applied in order.',
      'The HS is amended every five to six years; the current edition is HS 2022.',
    ],
  ],
  'hs-basics.ru.pdf': [
    'Гармонизированная система кратко',
    [
      '21 раздел, 97 групп, около 1200 товарных позиций и 5600 субпозиций.',
      'Первые шесть знаков — международные; страны добавляют свои разряды.',
      'Примечания к разделам и группам юридически обязательны; названия — справочные.',
      'Классифицируйте по шести Основным правилам интерпретации, по порядку.',
      'ГС пересматривается раз в пять-шесть лет; действующая редакция — ГС 2022.',
    ],
  ],
  'kyoto.en.pdf': [
    'Revised Kyoto Convention: self-assessment',
    [
      'Is the General Annex accepted without reservations?',
      'Is customs control based on risk management (Chapter 6)?',
      'Can goods be declared electronically and before arrival?',
      'Is there an appeal procedure against customs decisions (Chapter 10)?',
      'Is information on customs law published and easy to obtain (Chapter 9)?',
    ],
  ],
  'kyoto.ru.pdf': [
    'Пересмотренная Киотская конвенция: самооценка',
    [
      'Принято ли Генеральное приложение без оговорок?',
      'Основан ли таможенный контроль на управлении рисками (глава 6)?',
      'Можно ли подать декларацию в электронном виде и до прибытия товаров?',
      'Есть ли процедура обжалования решений таможни (глава 10)?',
      'Опубликована ли и доступна ли информация о таможенном законодательстве (глава 9)?',
    ],
  ],
  'ecommerce.en.pdf': [
    'E-Commerce Framework of Standards: summary',
    [
      'Advance electronic data for risk assessment before arrival.',
      'Risk management adapted to high volumes of low-value parcels.',
      'Simplified clearance with fair and efficient revenue collection.',
      'Cooperation with postal operators, express carriers and platforms.',
      'Measurement and analysis of e-commerce flows.',
    ],
  ],
  'ecommerce.ru.pdf': [
    'Рамочные стандарты по электронной торговле: кратко',
    [
      'Предварительные электронные данные для оценки рисков до прибытия.',
      'Управление рисками для больших объёмов недорогих отправлений.',
      'Упрощённое оформление и справедливое взимание платежей.',
      'Сотрудничество с почтой, экспресс-перевозчиками и платформами.',
      'Измерение и анализ потоков электронной торговли.',
    ],
  ],
};

for (const [file, [title, points]] of Object.entries(docs)) {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Author: 'Customs Academy' } });
  doc.pipe(createWriteStream(`apps/api/src/seed/demo-media/${file}`));
  doc.font(bold).fontSize(20).fillColor('#1f4e79').text(title);
  doc.moveDown().font(font).fontSize(12).fillColor('#222');
  for (const point of points) doc.text(`•  ${point}`, { paragraphGap: 8 });
  doc.moveDown(2).fontSize(9).fillColor('#666').text('Customs Academy · demo material');
  doc.end();
}
