#!/usr/bin/env node
// Catalogue benchmark: 2,000 extra published courses inserted set-based into the server's own embedded
// database, then GET /api/courses at a fixed 500 req/s for 20 s per scenario, as the demo learner.
// Usage: npm run build && node bench/catalogue/run.mjs   (env: COURSES, RATE, DURATION, CONNECTIONS)
import os from 'node:os';
import autocannon from 'autocannon';
import { connectDb, deadline, login, startServer, table } from '../lib/server.mjs';

const COURSES = Number(process.env.COURSES ?? 2000);
const RATE = Number(process.env.RATE ?? 500);
const DURATION = Number(process.env.DURATION ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const TARGET_P99_MS = 50;

// ~50 customs words: English, and Russian in several inflected forms (so stemming matters for search).
const WORDS = [
  ['customs', ['таможня', 'таможни', 'таможенный', 'таможенного', 'таможенной', 'таможенных']],
  ['declaration', ['декларация', 'декларации', 'декларацией', 'декларирование', 'декларирования']],
  ['tariff', ['тариф', 'тарифа', 'тарифный', 'тарифного', 'тарифных']],
  ['classification', ['классификация', 'классификации', 'классифицирование']],
  ['valuation', ['стоимость', 'стоимости', 'оценка', 'оценки']],
  ['origin', ['происхождение', 'происхождения', 'происхождению']],
  ['transit', ['транзит', 'транзита', 'транзитный', 'транзитных']],
  ['warehouse', ['склад', 'склада', 'складе', 'складов']],
  ['inspection', ['досмотр', 'досмотра', 'досмотре', 'осмотр']],
  ['risk', ['риск', 'риска', 'рисков', 'рисками']],
  ['management', ['управление', 'управления', 'управлением']],
  ['smuggling', ['контрабанда', 'контрабанды', 'контрабандой']],
  ['excise', ['акциз', 'акциза', 'акцизный', 'акцизных']],
  ['duty', ['пошлина', 'пошлины', 'пошлиной', 'пошлин']],
  ['clearance', ['оформление', 'оформления', 'выпуск', 'выпуска']],
  ['goods', ['товар', 'товары', 'товаров', 'товарами']],
  ['border', ['граница', 'границы', 'границе', 'пограничный']],
  ['audit', ['аудит', 'аудита', 'проверка', 'проверки']],
  ['post-clearance', ['послевыпускной', 'послевыпускного', 'послевыпускных']],
  ['broker', ['брокер', 'брокера', 'представитель', 'представителя']],
  ['carrier', ['перевозчик', 'перевозчика', 'перевозчиков']],
  ['container', ['контейнер', 'контейнера', 'контейнеров']],
  ['manifest', ['манифест', 'манифеста', 'манифесте']],
  ['invoice', ['счёт-фактура', 'инвойс', 'инвойса']],
  ['certificate', ['сертификат', 'сертификата', 'сертификатов']],
  ['licence', ['лицензия', 'лицензии', 'лицензий']],
  ['quota', ['квота', 'квоты', 'квот']],
  ['sanctions', ['санкции', 'санкций', 'санкциями']],
  ['export', ['экспорт', 'экспорта', 'вывоз', 'вывоза']],
  ['import', ['импорт', 'импорта', 'ввоз', 'ввоза']],
  ['procedure', ['процедура', 'процедуры', 'процедурой', 'процедур']],
  ['regime', ['режим', 'режима', 'режиме', 'режимов']],
  ['nomenclature', ['номенклатура', 'номенклатуры', 'номенклатуре']],
  ['heading', ['позиция', 'позиции', 'субпозиция']],
  ['rules', ['правила', 'правил', 'правилам', 'правилами']],
  ['preferences', ['преференции', 'преференций', 'льготы']],
  ['e-commerce', ['электронная торговля', 'электронной торговли', 'интернет-торговли']],
  ['parcels', ['посылки', 'посылок', 'отправления', 'отправлений']],
  ['intellectual property', ['интеллектуальная собственность', 'интеллектуальной собственности']],
  ['counterfeit', ['контрафакт', 'контрафактных', 'подделки']],
  ['enforcement', ['правоприменение', 'правоприменения', 'контроль', 'контроля']],
  ['penalties', ['штрафы', 'штрафов', 'санкции', 'ответственность']],
  ['appeal', ['обжалование', 'обжалования', 'жалоба', 'жалобы']],
  ['authorised operator', ['уполномоченный оператор', 'уполномоченного оператора', 'УЭО']],
  ['facilitation', ['упрощение', 'упрощения', 'содействие']],
  ['single window', ['единое окно', 'единого окна']],
  ['x-ray', ['рентген', 'рентгеновский', 'сканирование']],
  ['laboratory', ['лаборатория', 'лаборатории', 'экспертиза', 'экспертизы']],
  ['statistics', ['статистика', 'статистики', 'статистических']],
  ['integrity', ['добросовестность', 'неподкупность', 'коррупции']],
  ['cooperation', ['сотрудничество', 'сотрудничества', 'взаимодействие']],
];
const TOPICS = [
  'classification',
  'tariff',
  'procedures',
  'facilitation',
  'e-commerce',
  'risk-management',
  'valuation',
  'origin',
  'transit',
  'enforcement',
  'excise',
  'audit',
];
const EN_OPENERS = [
  'Introduction to',
  'Advanced',
  'Practical',
  'Fundamentals of',
  'Workshop:',
  'Case studies in',
];
const RU_OPENERS = ['Введение:', 'Практикум:', 'Основы:', 'Курс:', 'Семинар:', 'Разбор случаев:'];

// Deterministic pseudo-random numbers, so every run loads the same catalogue.
let seed = 20260512;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
const pick = (a) => a[Math.floor(rnd() * a.length)];
const words = (n, lang) =>
  Array.from({ length: n }, () => {
    const [en, ru] = pick(WORDS);
    return lang === 'en' ? en : pick(ru);
  });
const sentence = (n, lang) => {
  const s = words(n, lang).join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
};

/** The same text publishing.service.ts indexes: title, summary, module and lesson titles. */
const searchText = (c, locale) =>
  [
    c.title[locale],
    c.summary[locale],
    ...c.modules.flatMap((m) => [m.title[locale], ...m.lessons.map((l) => l.title[locale])]),
  ]
    .filter(Boolean)
    .join(' \n ');

async function loadCourses(db) {
  const [{ content: template }] = (
    await db.query(
      `SELECT v.content FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
        WHERE c.status = 'published' ORDER BY jsonb_array_length(v.content->'modules') DESC, c.code LIMIT 1`,
    )
  ).rows;
  const [{ id: authorId }] = (await db.query(`SELECT id FROM users WHERE email = 'author@demo.academy'`))
    .rows;
  const codes = [];
  const contents = [];
  const en = [];
  const ru = [];
  for (let i = 0; i < COURSES; i++) {
    const c = structuredClone(template);
    c.code = `BENCH-${String(i).padStart(4, '0')}`;
    c.baseLocale = rnd() < 0.6 ? 'en' : 'ru';
    c.title = {
      en: `${pick(EN_OPENERS)} ${words(2 + Math.floor(rnd() * 3), 'en').join(' ')}`,
      ru: `${pick(RU_OPENERS)} ${words(2 + Math.floor(rnd() * 3), 'ru').join(' ')}`,
    };
    c.summary = {
      en: `${sentence(8 + Math.floor(rnd() * 10), 'en')} ${sentence(6 + Math.floor(rnd() * 8), 'en')}`,
      ru: `${sentence(8 + Math.floor(rnd() * 10), 'ru')} ${sentence(6 + Math.floor(rnd() * 8), 'ru')}`,
    };
    c.topics = [...new Set([pick(TOPICS), pick(TOPICS), ...(rnd() < 0.3 ? [pick(TOPICS)] : [])])];
    c.estimatedMinutes = 15 + Math.floor(rnd() * 24) * 5;
    codes.push(c.code);
    contents.push(JSON.stringify(c));
    en.push(searchText(c, 'en'));
    ru.push(searchText(c, 'ru'));
  }
  const t0 = Date.now();
  await db.query('BEGIN');
  const res = await db.query(
    `WITH src AS (
       SELECT * FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::text[]) AS s(code, content, en, ru)),
     ins AS (
       INSERT INTO courses (code, base_locale, title, summary, topics, estimated_minutes, status, audience,
                            version, published_at, created_by)
       SELECT code, content->>'baseLocale', content->'title', content->'summary',
              ARRAY(SELECT jsonb_array_elements_text(content->'topics')), (content->>'estimatedMinutes')::int,
              'published', 'region', 1, now(), $5
         FROM src
       RETURNING id, code, published_at)
     INSERT INTO course_versions (course_id, version, content, search, published_by, published_at,
                                  title, base_locale, topics, complete_locales)
     SELECT ins.id, 1, src.content,
            setweight(to_tsvector('english', src.en), 'A') || setweight(to_tsvector('russian', src.ru), 'A')
              || setweight(to_tsvector('simple', src.code || ' ' ||
                   array_to_string(ARRAY(SELECT jsonb_array_elements_text(src.content->'topics')), ' ')), 'B'),
            $5, ins.published_at,
            src.content -> 'title', src.content ->> 'baseLocale',
            ARRAY(SELECT jsonb_array_elements_text(src.content -> 'topics')),
            ARRAY(SELECT jsonb_array_elements_text(src.content -> 'translation' -> 'completeLocales'))
       FROM ins JOIN src USING (code)`,
    [codes, contents, en, ru, authorId],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE courses; ANALYZE course_versions');
  const {
    rows: [size],
  } = await db.query(
    `SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('course_versions')) AS size,
            avg(pg_column_size(content))::int AS avg_content_bytes FROM course_versions`,
  );
  return { inserted: res.rowCount, ms: Date.now() - t0, ...size };
}

/** The statement CatalogueService.list runs (learner visibility, as in the service), for EXPLAIN. */
function listSql({ q, topic }) {
  const params = ['$USER'];
  const add = (v) => `$${params.push(v)}`;
  const where = [
    `(c.status = 'published' AND (c.audience = 'region' OR EXISTS (
    SELECT 1 FROM course_audiences ca JOIN organisations ao ON ao.id = ca.organisation_id
     WHERE ca.course_id = c.id AND (SELECT o.path FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1)::text LIKE ao.path || '%')))`,
  ];
  let rank = '';
  if (q) {
    const p = add(q);
    const query = `(websearch_to_tsquery('english', ${p}) || websearch_to_tsquery('russian', ${p}) || websearch_to_tsquery('simple', ${p}))`;
    where.push(`v.search @@ ${query}`);
    rank = `ts_rank(v.search, ${query}) DESC, `;
  }
  if (topic) where.push(`v.topics @> ARRAY[${add(topic)}::text]`);
  const from = `FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version WHERE ${where.join(' AND ')}`;
  const sql = `WITH matches AS (
      SELECT c.id, c.code, c.version, v.id AS version_id, count(*) OVER () AS total,
             row_number() OVER (ORDER BY ${rank}COALESCE(v.title->>${add('LOCALE')}, v.title->>v.base_locale), c.id) AS n
        ${from})
    SELECT m.id, m.code, m.version, m.total::int AS total, v.content
      FROM (SELECT * FROM matches ORDER BY n LIMIT ${add(20)} OFFSET ${add(0)}) m
      JOIN course_versions v ON v.id = m.version_id
     ORDER BY m.n`;
  return { sql, params };
}

const SCENARIOS = [
  { name: 'list page 1', path: '/api/courses?page=1&pageSize=20', filter: {} },
  {
    name: 'search ru "таможенных"',
    path: `/api/courses?q=${encodeURIComponent('таможенных')}&page=1&pageSize=20`,
    filter: { q: 'таможенных' },
  },
  {
    name: 'search en "declaration" + topic=procedures',
    path: '/api/courses?q=declaration&topic=procedures&page=1&pageSize=20',
    filter: { q: 'declaration', topic: 'procedures' },
  },
];

function fire(url, cookie, { rate, duration, connections }) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, overallRate: rate, duration, headers: { cookie }, timeout: 10 },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

async function main() {
  const began = Date.now();
  let server;
  let db;
  deadline(180_000, async () => {
    await db?.end().catch(() => {});
    await server?.stop();
  });
  try {
    server = await startServer({ name: 'catalogue' });
    console.log(
      `server up on ${server.base} in ${(server.startupMs / 1000).toFixed(1)} s (DATA_DIR ${server.dataDir})`,
    );
    db = await connectDb(server.dataDir);
    const load = await loadCourses(db);
    console.log(
      `inserted ${load.inserted} published courses (+ versions) in ${load.ms} ms; course_versions: ${load.n} rows, ${load.size}, avg content ${load.avg_content_bytes} B`,
    );
    const session = await login(server.base, 'learner.ge@demo.academy');
    const {
      rows: [learner],
    } = await db.query(`SELECT id, locale FROM users WHERE email = 'learner.ge@demo.academy'`);

    // Sanity: each scenario returns results.
    for (const s of SCENARIOS) {
      const r = await fetch(server.base + s.path, { headers: { cookie: session.cookie } });
      const body = await r.json();
      s.total = body.total;
      if (!r.ok || !body.items?.length)
        throw new Error(`${s.name}: ${r.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    // Warm-up (not measured): JIT, connection pool, PostgreSQL caches.
    await fire(server.base + SCENARIOS[0].path, session.cookie, { rate: 200, duration: 3, connections: 10 });

    const rows = [];
    for (const s of SCENARIOS) {
      const cookie = await session.fresh(); // renews the 5-minute access cookie if the run got that long
      const r = await fire(server.base + s.path, cookie, {
        rate: RATE,
        duration: DURATION,
        connections: CONNECTIONS,
      });
      s.result = r;
      console.log(
        `  ${s.name}: ${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms (t=${((Date.now() - began) / 1000).toFixed(0)} s)`,
      );
      rows.push({
        scenario: s.name,
        matches: s.total,
        'req/s': r.requests.average.toFixed(0),
        p50_ms: r.latency.p50,
        p90_ms: r.latency.p90,
        p99_ms: r.latency.p99,
        max_ms: r.latency.max,
        '2xx': r['2xx'],
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        [`p99<${TARGET_P99_MS}`]:
          r.latency.p99 < TARGET_P99_MS && r.requests.average >= RATE * 0.95 ? 'yes' : 'NO',
      });
    }
    console.log(
      `\nload average (1/5/15 min) at the end: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `\nGET /api/courses as learner.ge, target ${RATE} req/s for ${DURATION} s each, ${CONNECTIONS} connections:\n`,
    );
    console.log(table(rows, Object.keys(rows[0])));

    // Plan of the statement the service runs per request, for each scenario.
    for (const s of SCENARIOS) {
      const stmt = listSql(s.filter);
      const bind = (p) => p.map((v) => (v === '$USER' ? learner.id : v === 'LOCALE' ? learner.locale : v));
      console.log(`\n--- EXPLAIN (ANALYZE, BUFFERS) ${s.name}`);
      const { rows: plan } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${stmt.sql}`, bind(stmt.params));
      console.log(plan.map((p) => p['QUERY PLAN']).join('\n'));
    }
    console.log(`\ntotal wall time ${((Date.now() - began) / 1000).toFixed(0)} s`);
  } finally {
    await db?.end().catch(() => {});
    await server?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
