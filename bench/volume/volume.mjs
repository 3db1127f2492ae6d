// Volume generator: fills an already migrated and seeded database with realistic reporting volume
// (100,000 learners, 40 published courses, 1,000,000 enrolments, their lesson progress, quiz attempts and
// certificates) in set-based SQL: a handful of INSERT … SELECT statements, no per-row round trips.
// Used by bench/volume/generate.mjs; other benchmarks import generateVolume() to build their own data.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/apps/api/src');

const DAY_S = 86_400;

/** Deterministic PRNG (mulberry32) for the few choices made in JavaScript (tree shape, course mix). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped uuid derived from a string, so ids are the same on every run with the same SEED. */
function seededUuid(text) {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// Same construction in SQL (md5 → uuid with the version and variant nibbles set).
const SQL_UUID = (expr) => `overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17)::uuid`;

/** Administrations that get the most officers after AZ (the rest follow in CSV order), Zipf-like. */
const LARGE = ['RU', 'TR', 'UA', 'DE', 'KZ', 'FR', 'PL', 'IT', 'UZ', 'ES', 'GB', 'BY', 'RO', 'NL'];
/** Administrations whose officers mostly use the Russian interface. */
const RUSSIAN = ['AM', 'AZ', 'BY', 'GE', 'KZ', 'KG', 'MD', 'RU', 'TJ', 'TM', 'UA', 'UZ'];

const UNIT_KINDS = [
  ['Central customs office', 'Центральная таможня'],
  ['International airport customs', 'Таможня международного аэропорта'],
  ['Sea port customs', 'Таможня морского порта'],
  ['Rail border customs post', 'Железнодорожный пограничный таможенный пост'],
  ['Road border crossing point', 'Автомобильный пункт пропуска'],
  ['Inland clearance office', 'Внутренний таможенный пост'],
  ['Customs laboratory', 'Таможенная лаборатория'],
  ['Post-clearance audit department', 'Управление послевыпускного аудита'],
  ['Risk management department', 'Управление рисками'],
  ['Enforcement and investigations department', 'Правоохранительное управление'],
  ['Excise control department', 'Отдел акцизного контроля'],
  ['Postal and express consignments customs', 'Таможня почтовых и экспресс-отправлений'],
];

const EN_FIRST = [
  'Anna',
  'Mark',
  'Elena',
  'David',
  'Sofia',
  'Luca',
  'Marta',
  'Jan',
  'Ivana',
  'Peter',
  'Laura',
  'Tomas',
  'Maria',
  'Nikola',
  'Eva',
  'Stefan',
  'Lena',
  'Marco',
  'Katarina',
  'Paul',
  'Ayse',
  'Mehmet',
  'Ines',
  'Jonas',
  'Clara',
  'Milan',
  'Sara',
  'Andrei',
  'Nora',
  'Emil',
];
const EN_LAST = [
  'Muller',
  'Rossi',
  'Novak',
  'Kovac',
  'Garcia',
  'Jansen',
  'Nowak',
  'Horvat',
  'Popescu',
  'Yilmaz',
  'Dubois',
  'Schmidt',
  'Petrovic',
  'Nielsen',
  'Berg',
  'Costa',
  'Ivanova',
  'Smith',
  'Kaya',
  'Leclerc',
  'Fischer',
  'Bianchi',
  'Hansen',
  'Marin',
  'Papadopoulos',
  'Virtanen',
  'Walsh',
  'Kowalski',
  'Dimitrov',
  'Lindqvist',
];
const RU_FIRST = [
  'Алексей',
  'Марина',
  'Рашад',
  'Айгуль',
  'Нино',
  'Тимур',
  'Ольга',
  'Арман',
  'Гульнара',
  'Сергей',
  'Лейла',
  'Дмитрий',
  'Анна',
  'Фарид',
  'Екатерина',
  'Бахтиёр',
  'Наталья',
  'Давид',
  'Зарина',
  'Игорь',
  'Светлана',
  'Эльдар',
  'Ирина',
  'Руслан',
  'Мадина',
  'Олег',
  'Айдана',
  'Георгий',
  'Татьяна',
  'Азиз',
];
const RU_LAST = [
  'Иванов',
  'Мамедов',
  'Алиев',
  'Петренко',
  'Нурланов',
  'Каримов',
  'Гасанов',
  'Шевченко',
  'Беридзе',
  'Ковальчук',
  'Ахмедов',
  'Саркисян',
  'Усманов',
  'Рахимов',
  'Кузнецов',
  'Бондаренко',
  'Исмаилов',
  'Турсунов',
  'Григорян',
  'Лысенко',
  'Жумабаев',
  'Мельник',
  'Юсупов',
  'Осипов',
  'Абдуллаев',
  'Гусейнов',
  'Токтогулов',
  'Сидоров',
  'Назаров',
  'Кравченко',
];

const SUBJECTS = [
  ['Customs valuation in practice', 'Таможенная стоимость на практике'],
  ['Rules of origin', 'Правила происхождения товаров'],
  ['Risk management for frontline officers', 'Управление рисками для сотрудников на границе'],
  ['Post-clearance audit', 'Послевыпускной аудит'],
  ['Authorised economic operators', 'Уполномоченные экономические операторы'],
  ['Transit procedures', 'Процедуры транзита'],
  ['Intellectual property at the border', 'Защита интеллектуальной собственности на границе'],
  ['Excise goods control', 'Контроль подакцизных товаров'],
  ['Integrity and ethics', 'Добросовестность и этика'],
  ['Single window', 'Единое окно'],
  ['Container and x-ray inspection', 'Досмотр контейнеров и рентгеновский контроль'],
  ['Drug and precursor detection', 'Выявление наркотиков и прекурсоров'],
  ['Strategic trade controls', 'Контроль стратегических товаров'],
  ['Customs laboratory basics', 'Основы работы таможенной лаборатории'],
  ['Passenger control at airports', 'Контроль пассажиров в аэропортах'],
  ['Trade facilitation agreement', 'Соглашение об упрощении процедур торговли'],
  ['Customs statistics', 'Таможенная статистика'],
  ['Penalties and appeals', 'Санкции и обжалование'],
  ['CITES: endangered species', 'СИТЕС: виды под угрозой исчезновения'],
  ['Cash and money laundering controls', 'Контроль наличных и отмывания денег'],
];
const LEVELS = [
  ['', ''],
  [' — advanced', ' — углублённый курс'],
];

/**
 * Fills the database `client` is connected to. The database must be migrated and seeded with the demo
 * data (region ROCB-EU, the administrations, the published demo courses, learner.ge). Returns
 * { steps: [{ step, ms, rows }], counts, sizes, totalMs }.
 * options: learners (100000), enrolments (1000000), courses (40), seed (1), now (Date), log (fn).
 */
export async function generateVolume(client, options = {}) {
  const learners = Number(options.learners ?? 100_000);
  const enrolments = Number(options.enrolments ?? 1_000_000);
  const courseCount = Number(options.courses ?? 40);
  const seed = Number(options.seed ?? 1);
  const now = options.now ?? new Date();
  const log = options.log ?? (() => undefined);
  if (!(learners > 0 && courseCount > 0 && enrolments >= 0)) throw new Error('bad sizes');
  if (enrolments > learners * courseCount) {
    throw new Error(`ENROLMENTS (${enrolments}) exceeds LEARNERS × COURSES (${learners * courseCount})`);
  }
  const rnd = prng(seed * 7919 + 17);
  const NOW = `'${now.toISOString()}'::timestamptz`;
  const steps = [];
  const t0 = Date.now();
  const step = async (name, fn) => {
    const started = Date.now();
    const rows = await fn();
    const ms = Date.now() - started;
    steps.push({ step: name, ms, rows: rows ?? '' });
    log(`${name}: ${rows ?? ''} rows in ${(ms / 1000).toFixed(1)} s`);
  };
  const q = (sql, params) => client.query(sql, params);

  // ---- session ------------------------------------------------------------------------------------
  const done = await q(`SELECT value FROM app_meta WHERE key = 'bench_volume'`);
  if (done.rowCount)
    throw new Error(`this database already holds generated volume: ${JSON.stringify(done.rows[0].value)}`);
  const {
    rows: [who],
  } = await q(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
  // Commits of this session only do not wait for the WAL flush: a crash loses at most the last few
  // statements of a run that would be restarted anyway.
  await q(`SET synchronous_commit = off`);
  await q(`SET work_mem = '256MB'`);
  await q(`SET maintenance_work_mem = '512MB'`);
  // Replica mode skips ordinary triggers: the per-row NOTIFY triggers (users, role_grants) would queue
  // 200,000 notifications in one transaction, the include_future rule triggers would run for every
  // inserted user, and the catalogue-generation triggers would bump once per statement. It also skips
  // the foreign-key triggers, so every reference is made correct by construction and checked by the
  // anti-joins in checkVolume(). The session goes back to 'origin' to bump the catalogue generation and
  // notify the API processes once at the end. Needs superuser (the embedded server's `postgres` is).
  const replica = Boolean(who?.rolsuper);
  if (replica) await q(`SET session_replication_role = replica`);
  else log('not a superuser: triggers and foreign-key checks stay on (slower)');
  const seedValue = (((seed * 2654435761) % 2147483647) / 2147483647) * 2 - 1;
  await q(`SELECT setseed($1)`, [Math.max(-1, Math.min(1, seedValue))]);

  const {
    rows: [region],
  } = await q(`SELECT id, path, name FROM organisations WHERE code = 'ROCB-EU'`);
  if (!region) throw new Error('no region ROCB-EU: is the database seeded (SEED_DEMO)?');
  const { rows: admins } = await q(
    `SELECT id, code, path, name FROM organisations WHERE kind = 'administration' AND parent_id = $1 ORDER BY code`,
    [region.id],
  );
  const {
    rows: [template],
  } = await q(
    `SELECT password_hash FROM users WHERE password_hash IS NOT NULL
      ORDER BY (email = 'learner.ge@demo.academy') DESC, email LIMIT 1`,
  );
  const {
    rows: [author],
  } = await q(
    `SELECT u.id FROM users u JOIN role_grants g ON g.user_id = u.id AND g.role IN ('author', 'admin')
      ORDER BY (u.email = 'author@demo.academy') DESC, u.email LIMIT 1`,
  );

  // ---- organisations: 3–10 units per administration ------------------------------------------------
  await step('organisations', async () => {
    const rows = { id: [], parent: [], kind: [], code: [], cc: [], name: [], path: [] };
    const { rows: existingTc } = await q(
      `SELECT DISTINCT parent_id FROM organisations WHERE kind = 'training_centre'`,
    );
    const hasTc = new Set(existingTc.map((r) => r.parent_id));
    for (const a of admins) {
      const n = a.code === 'AZ' ? 10 : 3 + Math.floor(rnd() * 8);
      const kinds = [...UNIT_KINDS.keys()].sort(() => rnd() - 0.5).slice(0, n);
      kinds.sort((x, y) => x - y); // central office first when drawn
      if (!hasTc.has(a.id)) kinds.unshift(-1);
      kinds.forEach((k, i) => {
        const [en, ru] = k === -1 ? ['Customs training centre', 'Таможенный учебный центр'] : UNIT_KINDS[k];
        const id = seededUuid(`${seed}:org:${a.code}:${i}`);
        rows.id.push(id);
        rows.parent.push(a.id);
        rows.kind.push(k === -1 ? 'training_centre' : 'unit');
        rows.code.push(`${a.code}-V${String(i + 1).padStart(2, '0')}`);
        rows.cc.push(a.code.length === 2 && a.code !== 'EU' ? a.code : null);
        rows.name.push(JSON.stringify({ en: `${en} (${a.name.en})`, ru: `${ru} (${a.name.ru})` }));
        rows.path.push(`${a.path}${id}/`);
      });
    }
    const r = await q(
      `INSERT INTO organisations (id, parent_id, kind, code, country_code, name, path, created_at)
       SELECT id, parent, kind, code, cc, name, path, ${NOW} - interval '700 days'
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
              AS t(id, parent, kind, code, cc, name, path)`,
      [rows.id, rows.parent, rows.kind, rows.code, rows.cc, rows.name, rows.path],
    );
    return r.rowCount;
  });

  // ---- learners -----------------------------------------------------------------------------------
  // Officers per administration: AZ gets 20 % (an administration of 20,000 at the default size), the
  // large administrations next on a Zipf-like curve, the others a long tail.
  const ordered = [
    ...LARGE.map((c) => admins.find((a) => a.code === c)).filter(Boolean),
    ...admins.filter((a) => a.code !== 'AZ' && !LARGE.includes(a.code)),
  ];
  const az = admins.find((a) => a.code === 'AZ');
  const alloc = new Map();
  let rest = learners;
  if (az) {
    alloc.set(az.id, Math.round(learners * 0.2));
    rest -= alloc.get(az.id);
  }
  const weights = ordered.map((_, i) => 1 / Math.pow(i + 2, 0.9));
  const wsum = weights.reduce((s, w) => s + w, 0);
  let given = 0;
  ordered.forEach((a, i) => {
    const n = i === ordered.length - 1 ? rest - given : Math.floor((rest * weights[i]) / wsum);
    alloc.set(a.id, n);
    given += n;
  });
  const allocAdmin = [];
  const allocFirst = [];
  const allocLast = [];
  const allocRu = [];
  let next = 1;
  for (const a of admins) {
    const n = alloc.get(a.id) ?? 0;
    if (n <= 0) continue;
    allocAdmin.push(a.id);
    allocFirst.push(next);
    allocLast.push(next + n - 1);
    allocRu.push(RUSSIAN.includes(a.code) ? 0.7 : 0.04);
    next += n;
  }

  await step('learners (users)', async () => {
    await q(`DROP TABLE IF EXISTS vol_alloc, vol_units, vol_learners`);
    await q(
      `CREATE TEMP TABLE vol_alloc AS
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::float8[]) AS t(admin_id, first_n, last_n, ru_share)`,
      [allocAdmin, allocFirst, allocLast, allocRu],
    );
    // Each unit of an administration (its own demo units included) gets a share of its officers: the
    // first (central office or training centre) a large one, then decreasing weights.
    await q(
      `CREATE TEMP TABLE vol_units AS
       WITH u AS (
         SELECT o.id AS unit_id, o.parent_id AS admin_id,
                1.0 / row_number() OVER (PARTITION BY o.parent_id ORDER BY o.kind = 'training_centre', o.code)
                  AS w
           FROM organisations o JOIN vol_alloc a ON a.admin_id = o.parent_id)
       SELECT unit_id, admin_id,
              coalesce(sum(w) OVER (PARTITION BY admin_id ORDER BY unit_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                / sum(w) OVER (PARTITION BY admin_id) AS lo,
              sum(w) OVER (PARTITION BY admin_id ORDER BY unit_id) / sum(w) OVER (PARTITION BY admin_id) AS hi
         FROM u`,
    );
    await q(
      `CREATE TEMP TABLE vol_learners AS
       WITH base AS (
         SELECT n, a.admin_id, a.ru_share, random() AS r_unit, random() AS r_locale, random() AS r_first,
                random() AS r_last, random() AS r_created, random() AS r_status, random() AS r_activity
           FROM generate_series(1, $1::int) AS n
           JOIN vol_alloc a ON n BETWEEN a.first_n AND a.last_n)
       SELECT b.n, ${SQL_UUID(`'${seed}:user:' || b.n`)} AS user_id, u.unit_id, b.admin_id,
              CASE WHEN b.r_locale < b.ru_share THEN 'ru' ELSE 'en' END AS locale,
              CASE WHEN b.r_locale < b.ru_share
                   THEN ($2::text[])[1 + floor(b.r_first * 30)::int] || ' ' || ($3::text[])[1 + floor(b.r_last * 30)::int]
                   ELSE ($4::text[])[1 + floor(b.r_first * 30)::int] || ' ' || ($5::text[])[1 + floor(b.r_last * 30)::int]
              END AS display_name,
              -- accounts created from ~20 months ago, most of them early (the initial officer import)
              ${NOW} - interval '600 days' + interval '580 days' * power(b.r_created, 2.5) AS created_at,
              CASE WHEN b.r_status < 0.015 THEN 'disabled' ELSE 'active' END AS status,
              -- how much this officer studies: exponential, so a few take many courses and many take few
              0.05 - ln(1 - b.r_activity) AS activity
         FROM base b
         JOIN vol_units u ON u.admin_id = b.admin_id AND b.r_unit >= u.lo AND b.r_unit < u.hi
        ORDER BY b.n`,
      [learners, RU_FIRST, RU_LAST, EN_FIRST, EN_LAST],
    );
    const {
      rows: [{ count }],
    } = await q(`SELECT count(*)::int AS count FROM vol_learners`);
    if (count !== learners) throw new Error(`learner allocation made ${count} learners, not ${learners}`);
    await q(`ALTER TABLE vol_learners ADD PRIMARY KEY (n)`);
    const r = await q(
      `INSERT INTO users (id, email, display_name, password_hash, locale, organisation_id, status, created_at, updated_at)
       SELECT l.user_id, 'officer' || l.n || '.' || lower(a.code) || '@volume.demo.academy', l.display_name, $1,
              l.locale, l.unit_id, l.status, l.created_at, l.created_at
         FROM vol_learners l JOIN organisations a ON a.id = l.admin_id
        ORDER BY l.n`,
      [template.password_hash],
    );
    return r.rowCount;
  });

  await step('role_grants (learner + coordinators)', async () => {
    const g = await q(
      `INSERT INTO role_grants (id, user_id, role, organisation_id, created_at)
       SELECT ${SQL_UUID(`'${seed}:grant:' || n`)}, user_id, 'learner', NULL, created_at FROM vol_learners ORDER BY n`,
    );
    // One coordinator per administration (two for AZ), scoped to it, as the reports will need.
    const c = await q(
      `WITH c AS (
         SELECT a.id AS admin_id, a.code, k, ${SQL_UUID(`'${seed}:coord:' || a.code || ':' || k`)} AS user_id
           FROM organisations a CROSS JOIN generate_series(1, 2) AS k
          WHERE a.kind = 'administration' AND (k = 1 OR a.code = 'AZ')),
       u AS (
         INSERT INTO users (id, email, display_name, password_hash, locale, organisation_id, status, created_at, updated_at)
         SELECT c.user_id, 'coordinator' || c.k || '.' || lower(c.code) || '@volume.demo.academy',
                'Coordinator ' || c.k || ' ' || c.code, $1,
                CASE WHEN c.code = ANY($2::text[]) THEN 'ru' ELSE 'en' END,
                (SELECT unit_id FROM vol_units v WHERE v.admin_id = c.admin_id ORDER BY lo LIMIT 1),
                'active', ${NOW} - interval '620 days', ${NOW} - interval '620 days'
           FROM c RETURNING id)
       INSERT INTO role_grants (id, user_id, role, organisation_id, created_at)
       SELECT ${SQL_UUID(`'${seed}:coordgrant:' || c.user_id`)}, c.user_id, 'coordinator', c.admin_id,
              ${NOW} - interval '620 days'
         FROM c`,
      [template.password_hash, RUSSIAN],
    );
    return g.rowCount + c.rowCount;
  });

  // ---- courses ------------------------------------------------------------------------------------
  const built = (file) => import(pathToFileURL(path.join(options.distDir ?? DIST, file)).href);
  const { translationReport } = await built('catalogue/translation.js');
  const { rows: templates } = await q(
    `SELECT c.id, v.content FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
      WHERE c.status = 'published' AND c.code IN ('HS-BASICS', 'RKC', 'ECOM') ORDER BY c.code`,
  );
  if (templates.length === 0) throw new Error('no published demo course to copy');
  const courses = [];
  const lessonRows = {
    id: [],
    module: [],
    pos: [],
    kind: [],
    title: [],
    required: [],
    est: [],
    thr: [],
    quiz: [],
    from: [],
    enOnly: [],
  };
  const moduleRows = { id: [], course: [], pos: [], title: [] };
  const stripRu = (text) => (text && typeof text === 'object' ? { en: text.en } : text);
  for (let i = 0; i < courseCount; i++) {
    const t = templates[i % templates.length];
    const c = structuredClone(t.content);
    const [subjectEn, subjectRu] = SUBJECTS[i % SUBJECTS.length];
    const [levelEn, levelRu] = LEVELS[Math.floor(i / SUBJECTS.length) % LEVELS.length];
    const suffix =
      i >= SUBJECTS.length * LEVELS.length ? ` ${Math.floor(i / (SUBJECTS.length * LEVELS.length)) + 1}` : '';
    const enOnly = i % 10 >= 7; // 30 % English only
    c.id = seededUuid(`${seed}:course:${i}`);
    c.code = `VOL-${String(i + 1).padStart(3, '0')}`;
    c.baseLocale = !enOnly && i % 5 === 1 ? 'ru' : 'en';
    c.title = { en: `${subjectEn}${levelEn}${suffix}`, ru: `${subjectRu}${levelRu}${suffix}` };
    c.summary = {
      en: `${subjectEn}: what an officer needs to know, with a video, reading, a reference document and a quiz.`,
      ru: `${subjectRu}: что нужно знать сотруднику — видео, статья, справочный документ и тест.`,
    };
    c.estimatedMinutes = 20 + Math.floor(rnd() * 10) * 5;
    c.coverAssetId = null;
    // Half the courses end with a quiz (the attempts store the drawn questions, ~3 kB a row).
    if (i % 2 === 1) for (const m of c.modules) m.lessons = m.lessons.filter((l) => l.kind !== 'quiz');
    c.modules = c.modules.filter((m) => m.lessons.length > 0);
    c.modules.forEach((m, mi) => {
      const templateModuleId = m.id;
      m.id = seededUuid(`${seed}:module:${i}:${templateModuleId}`);
      moduleRows.id.push(m.id);
      moduleRows.course.push(c.id);
      moduleRows.pos.push(mi);
      m.lessons.forEach((l, li) => {
        const templateLessonId = l.id;
        l.id = seededUuid(`${seed}:lesson:${i}:${templateLessonId}`);
        // every fourth course makes its document optional (required lessons ≠ all lessons)
        if (i % 4 === 3 && l.kind === 'document') l.required = false;
        if (enOnly) {
          l.title = stripRu(l.title);
          delete l.variants.ru;
          if (l.quiz) {
            for (const question of l.quiz.questions) {
              question.text = stripRu(question.text);
              question.explanation = stripRu(question.explanation);
              for (const option of question.options) option.text = stripRu(option.text);
            }
          }
        }
        lessonRows.id.push(l.id);
        lessonRows.module.push(m.id);
        lessonRows.pos.push(li);
        lessonRows.kind.push(l.kind);
        lessonRows.title.push(JSON.stringify(l.title));
        lessonRows.required.push(l.required);
        lessonRows.est.push(l.estimatedMinutes ?? null);
        lessonRows.thr.push(l.completionThreshold ?? null);
        lessonRows.quiz.push(l.quiz ? JSON.stringify(l.quiz) : null);
        lessonRows.from.push(templateLessonId);
        lessonRows.enOnly.push(enOnly);
      });
      if (enOnly) m.title = stripRu(m.title);
      moduleRows.title.push(JSON.stringify(m.title));
    });
    if (enOnly) {
      c.title = stripRu(c.title);
      c.summary = stripRu(c.summary);
    }
    c.translation = translationReport({
      ...c,
      modules: c.modules.map((m) => ({
        ...m,
        lessons: m.lessons.map((l) => ({
          ...l,
          variants: Object.fromEntries(
            Object.entries(l.variants).map(([k, v]) => [k, { ...v, body: v.html }]),
          ),
        })),
      })),
    });
    const text = (locale) =>
      [
        c.title[locale],
        c.summary[locale],
        ...c.modules.flatMap((m) => [m.title[locale], ...m.lessons.map((l) => l.title[locale])]),
      ]
        .filter(Boolean)
        .join(' \n ');
    // Published between ~19 and ~6 months ago; popularity falls with the index (Zipf-like), and the
    // first eight are "mandatory" courses that coordinators mostly assign.
    const publishedDaysAgo = 580 - Math.floor(rnd() * 400);
    const id = c.id;
    delete c.id;
    courses.push({
      id,
      code: c.code,
      content: c,
      en: text('en'),
      ru: text('ru'),
      simple: `${c.code} ${c.topics.join(' ')}`,
      publishedAt: new Date(now.getTime() - publishedDaysAgo * DAY_S * 1000).toISOString(),
      weight: 1 / Math.pow(i + 1, 0.7),
      assignedShare: i < 8 ? 0.75 : 0.1,
      enOnly,
    });
  }

  await step('courses (+ versions, modules, lessons, variants)', async () => {
    const src = `unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
                   AS s(id, code, content, en, ru, simple, published_at)`;
    const params = [
      courses.map((c) => c.id),
      courses.map((c) => c.code),
      courses.map((c) => JSON.stringify(c.content)),
      courses.map((c) => c.en),
      courses.map((c) => c.ru),
      courses.map((c) => c.simple),
      courses.map((c) => c.publishedAt),
    ];
    const a = await q(
      `INSERT INTO courses (id, code, base_locale, title, summary, topics, estimated_minutes, status, audience, version,
                            published_at, created_by, created_at, updated_at, self_enrolment)
       SELECT id, code, content->>'baseLocale', content->'title', content->'summary',
              ARRAY(SELECT jsonb_array_elements_text(content->'topics')), (content->>'estimatedMinutes')::int,
              'published', 'region', 1, published_at, $8, published_at - interval '21 days', published_at, true
         FROM ${src}`,
      [...params, author?.id ?? null],
    );
    await q(
      `INSERT INTO course_versions (id, course_id, version, content, search, published_by, published_at, title,
                                    base_locale, topics, complete_locales)
       SELECT ${SQL_UUID(`'${seed}:version:' || id`)}, id, 1, content,
              setweight(to_tsvector('english', en), 'A') || setweight(to_tsvector('russian', ru), 'A')
                || setweight(to_tsvector('simple', simple), 'B'),
              $8, published_at, content->'title', content->>'baseLocale',
              ARRAY(SELECT jsonb_array_elements_text(content->'topics')),
              ARRAY(SELECT jsonb_array_elements_text(content->'translation'->'completeLocales'))
         FROM ${src}`,
      [...params, author?.id ?? null],
    );
    // The draft rows the studio edits, with the published lesson ids (as publishing keeps them).
    await q(
      `INSERT INTO course_modules (id, course_id, position, title)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::jsonb[])`,
      [moduleRows.id, moduleRows.course, moduleRows.pos, moduleRows.title],
    );
    await q(
      `INSERT INTO lessons (id, module_id, position, kind, title, required, estimated_minutes, completion_rule,
                            completion_threshold, quiz)
       SELECT id, module, pos, kind, title, required, est, '{}', thr, quiz
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::jsonb[], $6::bool[], $7::int[], $8::real[],
                     $9::jsonb[]) AS t(id, module, pos, kind, title, required, est, thr, quiz)`,
      [
        lessonRows.id,
        lessonRows.module,
        lessonRows.pos,
        lessonRows.kind,
        lessonRows.title,
        lessonRows.required,
        lessonRows.est,
        lessonRows.thr,
        lessonRows.quiz,
      ],
    );
    await q(
      `INSERT INTO lesson_variants (lesson_id, locale, body, media_asset_id, captions_asset_id)
       SELECT t.id, v.locale, v.body, v.media_asset_id, v.captions_asset_id
         FROM unnest($1::uuid[], $2::uuid[], $3::bool[]) AS t(id, src, en_only)
         JOIN lesson_variants v ON v.lesson_id = t.src
        WHERE NOT (t.en_only AND v.locale = 'ru')`,
      [lessonRows.id, lessonRows.from, lessonRows.enOnly],
    );
    // What the progress rows need per lesson, read back from the snapshots (so ids match by construction).
    await q(`DROP TABLE IF EXISTS vol_courses, vol_lessons, vol_quiz_q`);
    await q(
      `CREATE TEMP TABLE vol_courses AS
       SELECT * FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::bool[], $5::timestamptz[])
                AS t(course_id, weight, assigned_share, en_only, published_at)`,
      [
        courses.map((c) => c.id),
        courses.map((c) => c.weight),
        courses.map((c) => c.assignedShare),
        courses.map((c) => c.enOnly),
        courses.map((c) => c.publishedAt),
      ],
    );
    await q(
      `CREATE TEMP TABLE vol_lessons AS
       WITH l AS (
         SELECT v.course_id, (l.value->>'id')::uuid AS lesson_id, l.value->>'kind' AS kind,
                COALESCE((l.value->>'required')::boolean, true) AS required,
                round((l.value->>'durationS')::float8)::int AS duration,
                (l.value->>'completionThreshold')::float8 AS threshold, l.value->'quiz' AS quiz,
                row_number() OVER (PARTITION BY v.course_id ORDER BY m.mi, l.li) AS pos
           FROM course_versions v
           JOIN vol_courses c ON c.course_id = v.course_id
           CROSS JOIN LATERAL jsonb_array_elements(v.content->'modules') WITH ORDINALITY AS m(value, mi)
           CROSS JOIN LATERAL jsonb_array_elements(m.value->'lessons') WITH ORDINALITY AS l(value, li))
       SELECT l.*,
              CASE WHEN l.required THEN row_number() OVER (PARTITION BY l.course_id, l.required ORDER BY l.pos) END AS req_pos,
              count(*) FILTER (WHERE l.required) OVER (PARTITION BY l.course_id) AS req_count,
              count(*) OVER (PARTITION BY l.course_id) AS lesson_count,
              greatest(1, ceil(COALESCE(l.threshold, 0.9) * COALESCE(l.duration, 0) - 1e-9))::int AS needed
         FROM l`,
    );
    const {
      rows: [{ bad }],
    } = await q(
      `SELECT count(*)::int AS bad FROM vol_lessons WHERE req_count = 0 OR (kind = 'video' AND duration IS NULL)`,
    );
    if (bad) throw new Error('a copied course has no required lesson or a video without duration');
    await q(
      `CREATE TEMP TABLE vol_quiz_q AS
       SELECT l.lesson_id, q.qn::int, count(*) OVER (PARTITION BY l.lesson_id)::int AS nq, q.value->>'id' AS qid,
              (q.value->>'points')::int AS points,
              CASE WHEN q.value->>'type' = 'true_false' THEN q.value->'answer'
                   ELSE COALESCE((SELECT jsonb_agg(o->'id') FROM jsonb_array_elements(q.value->'options') o
                                   WHERE (o->>'correct')::boolean), '[]') END AS right_answer,
              CASE WHEN q.value->>'type' = 'true_false' THEN to_jsonb(NOT (q.value->>'answer')::boolean)
                   ELSE COALESCE((SELECT jsonb_build_array(o->'id') FROM jsonb_array_elements(q.value->'options') o
                                   WHERE NOT (o->>'correct')::boolean LIMIT 1), '[]') END AS wrong_answer
         FROM vol_lessons l
         CROSS JOIN LATERAL jsonb_array_elements(l.quiz->'questions') WITH ORDINALITY AS q(value, qn)
        WHERE l.kind = 'quiz'`,
    );
    return a.rowCount;
  });

  // ---- enrolments ---------------------------------------------------------------------------------
  // Which (learner, course) pairs: weighted sampling without replacement over all pairs (Efraimidis–
  // Spirakis keys, the smallest ENROLMENTS keys win): weight = the learner's activity × the course's
  // popularity, a third for an English-only course and a Russian-interface learner.
  await step('enrolments', async () => {
    await q(`DROP TABLE IF EXISTS vol_enrol`);
    await q(
      `CREATE TEMP TABLE vol_enrol AS
       SELECT l.n, l.user_id, l.admin_id, c.course_id, c.assigned_share,
              greatest(c.published_at, l.created_at) AS open_at
         FROM vol_learners l CROSS JOIN vol_courses c
        ORDER BY -ln(1 - random()) / (l.activity * c.weight * CASE WHEN c.en_only AND l.locale = 'ru' THEN 0.3 ELSE 1 END)
        LIMIT $1`,
      [enrolments],
    );
    // One statement: every column consistent with the status (see enrolment.entity.ts and RECOUNT_ENROLMENT_SQL).
    const r = await q(
      `WITH e AS (
         SELECT v.*, random() AS r_when, random() AS r_state, random() AS r_src, random() AS r_due,
                random() AS r_start, random() AS r_end, random() AS r_done, random() AS r_coord
           FROM vol_enrol v),
       t AS (
         SELECT e.*, e.open_at + (${NOW} - e.open_at) * power(e.r_when, 0.8) AS enrolled_at
           FROM e),
       s AS (
         SELECT t.*, c.req_count,
                extract(epoch FROM ${NOW} - t.enrolled_at) / ${DAY_S} AS age_days,
                CASE WHEN t.r_state < least(0.85, 0.12 + extract(epoch FROM ${NOW} - t.enrolled_at) / ${DAY_S} / 420)
                       THEN 'completed'
                     WHEN t.r_state > 1 - (0.08 + 0.35 * exp(-extract(epoch FROM ${NOW} - t.enrolled_at) / ${DAY_S} / 90))
                       THEN 'not_started'
                     ELSE 'in_progress' END AS status,
                t.r_src < t.assigned_share AS assigned
           FROM t JOIN (SELECT DISTINCT course_id, req_count FROM vol_lessons) c USING (course_id)),
       d AS (
         SELECT s.*,
                CASE WHEN s.status <> 'not_started'
                     THEN s.enrolled_at + least(${NOW} - s.enrolled_at, interval '14 days') * power(s.r_start, 2) END AS started_at
           FROM s),
       f AS (
         SELECT d.*,
                CASE WHEN d.status = 'completed'
                     THEN d.started_at + least(${NOW} - d.started_at, interval '1 hour' + interval '60 days' * power(d.r_end, 3)) END AS completed_at,
                CASE WHEN d.status = 'completed' THEN d.req_count
                     WHEN d.status = 'in_progress' THEN floor(d.r_done * d.req_count)::int
                     ELSE 0 END AS done
           FROM d)
       INSERT INTO enrolments (id, user_id, course_id, source, due_at, assignment_id, assigned_by, assigned_at, status,
                               progress_pct, completed_lessons, required_lessons, started_at, completed_at,
                               last_activity_at, created_at, updated_at)
       SELECT ${SQL_UUID(`'${seed}:enrol:' || f.n || ':' || f.course_id`)}, f.user_id, f.course_id,
              CASE WHEN f.assigned THEN 'assigned' ELSE 'self' END,
              CASE WHEN f.assigned AND f.r_due < 0.75
                   THEN f.enrolled_at + interval '30 days' * (1 + floor(f.r_due * 4)) END,
              NULL,
              CASE WHEN f.assigned THEN ${SQL_UUID(`'${seed}:coord:' || a.code || ':' || CASE WHEN a.code = 'AZ' AND f.r_coord < 0.5 THEN 2 ELSE 1 END`)} END,
              CASE WHEN f.assigned THEN f.enrolled_at END,
              f.status,
              floor(100.0 * f.done / f.req_count)::int, f.done, f.req_count, f.started_at, f.completed_at,
              CASE WHEN f.status = 'completed' THEN f.completed_at
                   WHEN f.status = 'in_progress'
                     -- uniform between the start and now: "active in the last 30 days" is a minority
                     THEN f.started_at + (${NOW} - f.started_at) * f.r_end END,
              f.enrolled_at,
              COALESCE(f.completed_at, CASE WHEN f.status = 'in_progress'
                THEN f.started_at + (${NOW} - f.started_at) * f.r_end END, f.enrolled_at)
         FROM f JOIN organisations a ON a.id = f.admin_id
        ORDER BY f.user_id, f.course_id`,
    );
    return r.rowCount;
  });

  // ---- lesson progress ----------------------------------------------------------------------------
  // Lessons are done in course order: a completed enrolment has every required lesson completed (and
  // half its optional ones); an in-progress one its first `completed_lessons` required lessons, plus the
  // next one in progress when it is a video. Lesson j of K finishes at started + (end − started) · j / K.
  await step('lesson_progress', async () => {
    const r = await q(
      `WITH e AS (
         SELECT e.user_id, e.course_id, e.status, e.completed_lessons AS done, e.started_at,
                COALESCE(e.completed_at, e.last_activity_at) AS end_at,
                hashtext(e.id::text) AS h
           FROM enrolments e JOIN vol_courses c USING (course_id)
          WHERE e.status <> 'not_started'),
       x AS (
         SELECT e.user_id, e.course_id, l.lesson_id, l.kind, l.duration, l.needed, e.started_at, e.end_at, e.h,
                CASE WHEN e.status = 'completed' OR l.req_pos <= e.done THEN 'completed' ELSE 'in_progress' END AS status,
                -- this lesson's place in the learner's sequence and the sequence's length
                CASE WHEN l.req_pos IS NULL THEN l.pos::float8 / l.lesson_count * l.req_count ELSE l.req_pos END AS j,
                CASE WHEN e.status = 'completed' THEN l.req_count
                     ELSE e.done + 1 END AS k
           FROM e JOIN vol_lessons l ON l.course_id = e.course_id
          WHERE (e.status = 'completed' AND (l.required OR (e.h::bigint + l.pos) % 2 = 0))
             OR (e.status = 'in_progress' AND (l.req_pos <= e.done OR (l.req_pos = e.done + 1 AND l.kind = 'video')))),
       y AS (
         SELECT x.*, x.started_at + (x.end_at - x.started_at) * least(1, x.j / greatest(x.k, 1)) AS at,
                abs(x.h % 1000) / 1000.0 AS r,
                CASE WHEN x.kind <> 'video' THEN 0
                     WHEN x.status = 'in_progress' THEN 1 + abs(x.h % greatest(x.needed - 1, 1))
                     WHEN abs(x.h % 4) = 0 AND x.duration - 1 >= x.needed THEN x.duration - 1
                     ELSE x.duration END AS w
           FROM x)
       INSERT INTO lesson_progress (user_id, lesson_id, course_id, watched, watched_s, position_s, last_seq,
                                    last_report_at, rate_credit_s, status, completed_at, created_at, updated_at)
       SELECT y.user_id, y.lesson_id, y.course_id,
              CASE WHEN y.w = 0 THEN '{}'::int4multirange
                   WHEN y.w = y.duration - 1 AND y.status = 'completed'
                     THEN int4multirange(int4range(0, y.duration / 2), int4range(y.duration / 2 + 1, y.duration))
                   ELSE int4multirange(int4range(0, y.w)) END,
              y.w, CASE WHEN y.kind = 'video' THEN least(y.w + CASE WHEN y.w = y.duration - 1 THEN 1 ELSE 0 END, y.duration) ELSE 0 END,
              CASE WHEN y.kind = 'video' THEN ceil(y.w / 10.0)::int + 1 ELSE 0 END,
              y.at, CASE WHEN y.kind = 'video' THEN 5 ELSE 0 END,
              y.status, CASE WHEN y.status = 'completed' THEN y.at END,
              greatest(y.started_at, y.at - interval '12 minutes' * y.r), y.at
         FROM y
        ORDER BY y.user_id, y.lesson_id`,
    );
    return r.rowCount;
  });

  // ---- quiz attempts ------------------------------------------------------------------------------
  // Every completed quiz lesson has its passed attempt (the last), after 0–2 failed ones; 40 % of the
  // learners whose next lesson is a quiz failed it once or twice, and some have an attempt open.
  await step('quiz_attempts', async () => {
    await q(`DROP TABLE IF EXISTS vol_attempts`);
    await q(
      `CREATE TEMP TABLE vol_attempts AS
       WITH passed AS (
         SELECT p.user_id, p.lesson_id, p.course_id, p.completed_at AS last_at,
                CASE WHEN random() < 0.75 THEN 1 WHEN random() < 0.8 THEN 2 ELSE 3 END AS n, true AS ends_passed,
                false AS ends_open
           FROM lesson_progress p JOIN vol_lessons l ON l.lesson_id = p.lesson_id
          WHERE l.kind = 'quiz' AND p.status = 'completed'),
       failing AS (
         SELECT e.user_id, l.lesson_id, e.course_id, e.last_activity_at AS last_at,
                CASE WHEN random() < 0.7 THEN 1 ELSE 2 END AS n, false AS ends_passed, random() < 0.1 AS ends_open
           FROM enrolments e JOIN vol_lessons l ON l.course_id = e.course_id AND l.req_pos = e.completed_lessons + 1
          WHERE e.status = 'in_progress' AND l.kind = 'quiz' AND random() < 0.4),
       a AS (SELECT * FROM passed UNION ALL SELECT * FROM failing)
       SELECT row_number() OVER () AS aid, a.user_id, a.lesson_id, a.course_id, g.number,
              g.number = a.n AND a.ends_passed AS pass,
              g.number = a.n AND a.ends_open AS open,
              a.last_at - interval '1 day' * (a.n - g.number) * (0.2 + random()) AS submitted_at,
              floor(random() * 1000)::int AS rot, random() AS r_full
         FROM a CROSS JOIN LATERAL generate_series(1, a.n) AS g(number)`,
    );
    const r = await q(
      `WITH s AS (
         SELECT lesson_id, min(nq) AS nq, sum(points)::int AS max_points, bool_and(points = min_points) AS equal,
                (SELECT (quiz->'settings'->>'passMarkPct')::int FROM vol_lessons v WHERE v.lesson_id = q.lesson_id) AS pass_mark,
                (SELECT (quiz->'settings'->>'timeLimitS')::int FROM vol_lessons v WHERE v.lesson_id = q.lesson_id) AS limit_s,
                (SELECT quiz->'questions' FROM vol_lessons v WHERE v.lesson_id = q.lesson_id) AS questions
           FROM (SELECT *, min(points) OVER (PARTITION BY lesson_id) AS min_points FROM vol_quiz_q) q
          GROUP BY lesson_id),
       k AS (
         SELECT a.*, s.nq, s.max_points, s.pass_mark, s.limit_s, s.questions,
                -- the fewest correct answers that pass when all questions are worth the same
                ceil(s.pass_mark * s.nq / 100.0 - 1e-9)::int AS pass_k, s.equal
           FROM vol_attempts a JOIN s USING (lesson_id)),
       t AS (
         SELECT k.*, CASE WHEN k.pass AND (k.r_full < 0.5 OR NOT k.equal) THEN k.nq
                          WHEN k.pass THEN greatest(k.pass_k, 0)
                          WHEN k.equal THEN floor(k.r_full * greatest(k.pass_k, 0))::int
                          ELSE 0 END AS target
           FROM k),
       agg AS (
         SELECT t.aid,
                jsonb_object_agg(q.qid, CASE WHEN (q.qn - 1 + t.rot) % t.nq < t.target THEN q.right_answer ELSE q.wrong_answer END) AS answers,
                sum(CASE WHEN (q.qn - 1 + t.rot) % t.nq < t.target THEN q.points ELSE 0 END)::int AS score
           FROM t JOIN vol_quiz_q q ON q.lesson_id = t.lesson_id
          GROUP BY t.aid),
       scored AS (SELECT t.*, agg.answers, agg.score FROM t JOIN agg USING (aid))
       INSERT INTO quiz_attempts (id, user_id, lesson_id, course_id, number, questions, pass_mark_pct, max_points,
                                  started_at, deadline_at, submitted_at, answers, score_points, passed)
       SELECT ${SQL_UUID(`'${seed}:attempt:' || user_id || ':' || lesson_id || ':' || number`)}, user_id, lesson_id,
              course_id, number, questions, pass_mark, max_points,
              submitted_at - interval '4 minutes' - interval '1 second' * (abs(hashtext(user_id::text)) % 600),
              CASE WHEN limit_s IS NOT NULL
                   THEN submitted_at - interval '4 minutes' - interval '1 second' * (abs(hashtext(user_id::text)) % 600)
                        + interval '1 second' * limit_s END,
              CASE WHEN NOT open THEN submitted_at END,
              CASE WHEN NOT open THEN answers END,
              CASE WHEN NOT open THEN score END,
              CASE WHEN NOT open THEN score * 100 >= pass_mark * max_points END
         FROM scored
        ORDER BY user_id, lesson_id, number`,
    );
    return r.rowCount;
  });

  // ---- certificates -------------------------------------------------------------------------------
  // One per completed enrolment, codes drawn like certificate-code.ts ('CA-' + 10 Crockford base32
  // characters, 50 random bits); a collision is skipped by ON CONFLICT and drawn again by the next pass.
  await step('certificates', async () => {
    const chars = Array.from(
      { length: 10 },
      (_, i) =>
        `substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((CASE WHEN ${i} < 5 THEN x ELSE y END >> ${(i % 5) * 5}) & 31), 1)`,
    ).join(' || ');
    let total = 0;
    for (let pass = 0; pass < 5; pass++) {
      const r = await q(
        `WITH todo AS (
           SELECT e.user_id, e.course_id, e.completed_at, floor(random() * 33554432)::int AS x,
                  floor(random() * 33554432)::int AS y, random() AS r_revoke
             FROM enrolments e JOIN vol_courses c USING (course_id)
            WHERE e.status = 'completed'
              AND NOT EXISTS (SELECT 1 FROM certificates z WHERE z.user_id = e.user_id AND z.course_id = e.course_id))
         INSERT INTO certificates (id, code, user_id, course_id, course_version, holder_name, course_title, base_locale,
                                   issuer_name, completed_at, issued_at, revoked_at, revoked_by, revoke_reason)
         SELECT ${SQL_UUID(`'${seed}:cert:' || t.user_id || ':' || t.course_id`)}, 'CA-' || ${chars},
                t.user_id, t.course_id, c.version, u.display_name, v.content->'title', c.base_locale, $1::jsonb,
                t.completed_at, t.completed_at,
                CASE WHEN t.r_revoke < 0.001 THEN t.completed_at + interval '20 days' END,
                CASE WHEN t.r_revoke < 0.001 THEN $2::uuid END,
                CASE WHEN t.r_revoke < 0.001 THEN 'Issued in error (generated)' END
           FROM todo t
           JOIN users u ON u.id = t.user_id
           JOIN courses c ON c.id = t.course_id
           JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
          ORDER BY t.user_id, t.course_id
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(region.name), author?.id ?? null],
      );
      total += r.rowCount;
      const {
        rows: [{ missing }],
      } = await q(
        `SELECT count(*)::int AS missing FROM enrolments e JOIN vol_courses c USING (course_id)
          WHERE e.status = 'completed'
            AND NOT EXISTS (SELECT 1 FROM certificates z WHERE z.user_id = e.user_id AND z.course_id = e.course_id)`,
      );
      if (missing === 0) break;
      log(`certificates: ${missing} code collisions, drawing again`);
    }
    return total;
  });

  // ---- finish -------------------------------------------------------------------------------------
  await step('finish (catalogue generation, notify, app_meta)', async () => {
    if (replica) await q(`SET session_replication_role = origin`);
    // What the skipped triggers would have done, once: bump the catalogue generation and tell running
    // API processes to drop cached callers and pages.
    await q(`UPDATE catalogue_generation SET value = value + 1`);
    await q(`SELECT pg_notify('academy_catalogue', ''), pg_notify('academy_auth', '*')`);
    await q(`INSERT INTO app_meta (key, value) VALUES ('bench_volume', $1::jsonb)`, [
      JSON.stringify({
        learners,
        enrolments,
        courses: courseCount,
        seed,
        now: now.toISOString(),
        at: new Date().toISOString(),
      }),
    ]);
    await q(`DROP TABLE IF EXISTS vol_alloc, vol_units, vol_learners, vol_enrol, vol_attempts`);
  });

  await step('ANALYZE', async () => {
    await q(`ANALYZE`);
  });
  return { steps, totalMs: Date.now() - t0, replica };
}

export const VOLUME_TABLES = [
  'organisations',
  'users',
  'role_grants',
  'courses',
  'course_versions',
  'course_modules',
  'lessons',
  'lesson_variants',
  'enrolments',
  'lesson_progress',
  'quiz_attempts',
  'certificates',
];

/** Rows and total size (table + indexes + TOAST) of the tables the generator fills. */
export async function volumeSizes(client) {
  const { rows } = await client.query(
    `SELECT t AS table, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', t), false, true, '')))[1]::text::bigint AS rows,
            pg_total_relation_size(t::regclass) AS bytes, pg_size_pretty(pg_total_relation_size(t::regclass)) AS size
       FROM unnest($1::text[]) AS t`,
    [VOLUME_TABLES],
  );
  const {
    rows: [db],
  } = await client.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
  return { tables: rows, database: db.size };
}

/**
 * Consistency checks on the whole database (not only generated rows). Each returns the number of rows
 * that break the rule; all must be 0.
 */
// The lessons of every course's current published version (what progress counts against).
const VL = `WITH vl AS MATERIALIZED (
  SELECT c.id AS course_id, (l->>'id')::uuid AS lesson_id, l->>'kind' AS kind,
         COALESCE((l->>'required')::boolean, true) AS required,
         greatest(1, ceil(COALESCE((l->>'completionThreshold')::float8, 0.9) * round((l->>'durationS')::float8) - 1e-9))::int AS needed
    FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version
    CROSS JOIN LATERAL jsonb_array_elements(v.content->'modules') m
    CROSS JOIN LATERAL jsonb_array_elements(m->'lessons') l)`;

export const VOLUME_CHECKS = {
  'enrolment completed_lessons ≠ completed required lesson_progress rows': `${VL}
    SELECT count(*) FROM enrolments e
      LEFT JOIN (SELECT p.user_id, p.course_id, count(*) AS done FROM lesson_progress p
                   JOIN vl ON vl.lesson_id = p.lesson_id AND vl.required WHERE p.status = 'completed'
                  GROUP BY 1, 2) x ON x.user_id = e.user_id AND x.course_id = e.course_id
     WHERE e.completed_lessons <> COALESCE(x.done, 0)`,
  'progress_pct ≠ floor(100·done/required)': `
    SELECT count(*) FROM enrolments WHERE required_lessons > 0 AND progress_pct <> floor(100.0 * completed_lessons / required_lessons)`,
  'enrolment status inconsistent with counts/dates': `
    SELECT count(*) FROM enrolments
     WHERE (status = 'completed') <> (completed_at IS NOT NULL)
        OR (status = 'completed' AND completed_lessons < required_lessons)
        OR (status = 'not_started' AND (started_at IS NOT NULL OR completed_lessons > 0))
        OR (status <> 'not_started' AND started_at IS NULL)
        OR started_at > completed_at OR created_at > started_at OR last_activity_at < started_at
        OR completed_at > now() OR last_activity_at > now()`,
  'completed enrolment without certificate': `
    SELECT count(*) FROM enrolments e WHERE e.status = 'completed'
       AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.user_id = e.user_id AND c.course_id = e.course_id)`,
  'certificate without completed enrolment': `
    SELECT count(*) FROM certificates c WHERE NOT EXISTS (
      SELECT 1 FROM enrolments e WHERE e.user_id = c.user_id AND e.course_id = c.course_id AND e.status = 'completed')`,
  'lesson_progress without enrolment': `
    SELECT count(*) FROM lesson_progress p WHERE NOT EXISTS (
      SELECT 1 FROM enrolments e WHERE e.user_id = p.user_id AND e.course_id = p.course_id)`,
  "lesson_progress lesson not in its course's published version": `${VL}
    SELECT count(*) FROM lesson_progress p LEFT JOIN vl ON vl.lesson_id = p.lesson_id AND vl.course_id = p.course_id
     WHERE vl.lesson_id IS NULL`,
  'lesson_progress: watched_s ≠ measure, status ≠ threshold, dates': `${VL}
    SELECT count(*) FROM lesson_progress p JOIN vl ON vl.lesson_id = p.lesson_id
     WHERE p.watched_s <> COALESCE((SELECT sum(upper(r) - lower(r)) FROM unnest(p.watched) r), 0)
        OR (p.status = 'completed') <> (p.completed_at IS NOT NULL)
        OR (vl.kind = 'video' AND p.status = 'in_progress' AND p.watched_s >= vl.needed)
        OR (vl.kind = 'video' AND p.status = 'completed' AND p.watched_s < vl.needed)
        OR p.created_at > p.completed_at`,
  'completed quiz lesson without a passed attempt': `
    SELECT count(*) FROM lesson_progress p
      JOIN lessons l ON l.id = p.lesson_id AND l.kind = 'quiz'
     WHERE p.status = 'completed'
       AND NOT EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.user_id = p.user_id AND a.lesson_id = p.lesson_id AND a.passed)`,
  'quiz attempt passed ≠ score vs pass mark': `
    SELECT count(*) FROM quiz_attempts WHERE passed IS DISTINCT FROM (CASE WHEN submitted_at IS NOT NULL THEN score_points * 100 >= pass_mark_pct * max_points END)`,
  'orphans (foreign keys, checked because replica mode skipped them)': `
    SELECT (SELECT count(*) FROM users u WHERE u.organisation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = u.organisation_id))
         + (SELECT count(*) FROM organisations o WHERE o.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisations p WHERE p.id = o.parent_id))
         + (SELECT count(*) FROM role_grants g WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = g.user_id)
              OR (g.organisation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = g.organisation_id)))
         + (SELECT count(*) FROM enrolments e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.user_id)
              OR NOT EXISTS (SELECT 1 FROM courses c WHERE c.id = e.course_id)
              OR (e.assigned_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.assigned_by)))
         + (SELECT count(*) FROM lesson_progress p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id)
              OR NOT EXISTS (SELECT 1 FROM courses c WHERE c.id = p.course_id))
         + (SELECT count(*) FROM quiz_attempts a WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.user_id)
              OR NOT EXISTS (SELECT 1 FROM courses c WHERE c.id = a.course_id))
         + (SELECT count(*) FROM certificates c WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.user_id)
              OR NOT EXISTS (SELECT 1 FROM courses x WHERE x.id = c.course_id)
              OR (c.revoked_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.revoked_by)))
         + (SELECT count(*) FROM course_versions v WHERE NOT EXISTS (SELECT 1 FROM courses c WHERE c.id = v.course_id))
         + (SELECT count(*) FROM course_modules m WHERE NOT EXISTS (SELECT 1 FROM courses c WHERE c.id = m.course_id))
         + (SELECT count(*) FROM lessons l WHERE NOT EXISTS (SELECT 1 FROM course_modules m WHERE m.id = l.module_id))
         + (SELECT count(*) FROM lesson_variants lv WHERE NOT EXISTS (SELECT 1 FROM lessons l WHERE l.id = lv.lesson_id)
              OR (lv.media_asset_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM media_assets a WHERE a.id = lv.media_asset_id))
              OR (lv.captions_asset_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM media_assets a WHERE a.id = lv.captions_asset_id)))`,
  'organisation path ≠ parent path + id': `
    SELECT count(*) FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id
     WHERE o.path <> COALESCE(p.path, '/') || o.id || '/'`,
};

export async function checkVolume(client) {
  const out = [];
  for (const [name, sql] of Object.entries(VOLUME_CHECKS)) {
    const started = Date.now();
    const {
      rows: [row],
    } = await client.query(sql);
    out.push({ check: name, violations: Number(Object.values(row)[0]), ms: Date.now() - started });
  }
  return out;
}
