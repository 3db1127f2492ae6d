import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config.js';
import { persistentSecret } from './config/secrets.js';
import { createApp } from './bootstrap.js';
import { createDataSource } from './database/data-source.js';
import { resolveDatabase } from './database/embedded-database.js';
import { scheduleMaintenance } from './jobs/maintenance.js';
import { MediaUploadsService } from './media/media-uploads.service.js';
import { seedDemoCourses } from './seed/seed-courses.js';
import { seedDemoData } from './seed/seed-demo.js';
import { startWorker } from './transcoding/worker.js';

function say(message: string): void {
  process.stdout.write(JSON.stringify({ level: 30, time: Date.now(), msg: message }) + '\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const { url, embedded } = await resolveDatabase(config, (message) => {
    if (/error|fatal|initialis|reusing|traversable/i.test(message)) say(`postgres: ${message}`);
  });
  if (embedded) say(`embedded PostgreSQL running, data in ${config.dataDir}/postgres`);
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  if (applied.length) say(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
  if (config.seedDemo) {
    const seeded = await seedDemoData(dataSource);
    if (seeded) say('demo data seeded (WCO Europe organisations and demo accounts)');
  }
  // config.jobs: this process runs background jobs (always in a worker; in the API unless JOBS=false).
  // Transcoding starts with the Nest application (TranscodeRunner), maintenance here.
  const stopJobs = config.jobs
    ? scheduleMaintenance(dataSource, config.loginFailureWindowS, (message, data) =>
        say(`${message} ${data ? JSON.stringify(data) : ''}`.trim()),
      )
    : () => undefined;
  let closeApp = async () => undefined as void;
  if (config.worker) {
    const worker = await startWorker(config, dataSource);
    closeApp = () => worker.close();
  } else {
    const jwtSecret = config.jwtSecret ?? (await persistentSecret(config.dataDir, 'jwt-secret'));
    const app = await createApp(config, jwtSecret, dataSource);
    if (config.seedDemo && (await seedDemoCourses(app)))
      say('demo courses seeded (three published, one draft)');
    await app.listen(config.port, config.host);
    // Each API process holds unfinished uploads (DATA_DIR/uploads): it removes those older than a day.
    const uploads = app.get(MediaUploadsService);
    const uploadCleanup = setInterval(
      () =>
        void uploads
          .cleanUpExpired()
          .catch((error: unknown) => say(`upload clean-up failed: ${String(error)}`)),
      3600 * 1000,
    );
    uploadCleanup.unref();
    closeApp = async () => {
      clearInterval(uploadCleanup);
      await app.close();
    };
  }
  const shutdown = async () => {
    stopJobs();
    await closeApp();
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  if (config.worker) {
    say('Customs Academy worker running background jobs (no HTTP server)');
    return;
  }
  say(
    `Customs Academy is running at ${config.publicUrl} (API at ${config.publicUrl}/api, docs at ${config.publicUrl}/api/docs)`,
  );
  if (config.seedDemo)
    say('Demo accounts (password "academy-demo") are listed in README.md under "Demo accounts"');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Customs Academy failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
